package dev.cql.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cql.api.error.CqlException;
import dev.cql.lang.Node;
import dev.cql.syntax.SyntaxParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The seed material of the expression fuzzers: every expression of the conformance suite
 * (grammar-docs/conformance, the language spec as data), the ASTs of those that parse, all their
 * subtrees, the call and field names they use, and the bindings of the core (data-free) files.
 */
final class Seeds {

  static final Path CONFORMANCE = Path.of("grammar-docs", "conformance");

  final List<String> expressions;
  final List<Node> trees;
  final List<Node> subtrees;
  final List<String> functions;
  final List<String> methods;
  final List<String> lambdaMethods;
  final List<String> fields;
  final Map<String, Object> bindings;

  private static Seeds instance;

  static synchronized Seeds get() {
    if (instance == null) {
      instance = new Seeds();
    }
    return instance;
  }

  private Seeds() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<String> exprs = new ArrayList<>();
    Map<String, Object> binds = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(CONFORMANCE)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path f : files) {
      JsonNode root;
      try {
        root = yaml.readTree(f.toFile());
      } catch (IOException e) {
        continue;
      }
      if (root == null || !root.path("cases").isArray()) {
        continue;
      }
      if (root.path("bindings").isObject() && !root.has("data") && !root.has("entity")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> b = yaml.convertValue(root.get("bindings"), Map.class);
        binds.putAll(b);
      }
      for (JsonNode c : root.get("cases")) {
        if (c.path("expr").isTextual()) {
          exprs.add(c.get("expr").asText());
        }
      }
    }
    this.expressions = List.copyOf(exprs);
    List<Node> ts = new ArrayList<>();
    List<Node> subs = new ArrayList<>();
    TreeSet<String> fns = new TreeSet<>();
    TreeSet<String> ms = new TreeSet<>();
    TreeSet<String> lms = new TreeSet<>();
    TreeSet<String> fs = new TreeSet<>();
    for (String e : exprs) {
      Node ast;
      try {
        ast = SyntaxParser.parse(e).ast();
      } catch (CqlException ex) {
        continue;
      }
      ts.add(ast);
      Trees.walk(ast, n -> {
        if (!(n instanceof Node.Lambda)) {
          subs.add(n);
        }
        if (n instanceof Node.Call c) {
          (c.target() == null ? fns : ms).add(c.name());
          if (c.args().stream().anyMatch(a -> a.value() instanceof Node.Lambda)) {
            lms.add(c.name());
          }
        } else if (n instanceof Node.Member m) {
          fs.add(m.name());
        }
      });
    }
    this.trees = List.copyOf(ts);
    this.subtrees = Collections.unmodifiableList(subs);
    this.functions = List.copyOf(fns);
    this.methods = List.copyOf(ms);
    this.lambdaMethods = List.copyOf(lms);
    this.fields = List.copyOf(fs);
    this.bindings = Collections.unmodifiableMap(binds);
  }
}
