package dev.cql.repl;

import dev.cql.lang.Declarations;
import dev.cql.lang.FunctionDecl;
import dev.cql.lang.Kind;
import dev.cql.lang.MethodDecl;
import dev.cql.lang.NamedParam;
import dev.cql.lang.NamespaceDecl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code :help TOPIC}: what one REPL command, namespace, namespace member, function, method, criterion or
 * field of a pipeline or build object does,
 * from the engine's own declarations (signatures and summaries) (so the help cannot drift from what the engine accepts).
 */
// The only REPL code besides completion that reads the registry's spec types; re-point here when they change.
final class HelpTopics {

  private final Declarations registry;

  /** The object types whose fields are topics too (pipeline and build objects). */
  private static final List<dev.cql.lang.ObjectType<?>> OBJECTS =
      List.of(dev.cql.buildkite.namespace.PipelineValue.TYPE, dev.cql.buildkite.namespace.BuildValue.TYPE);

  HelpTopics(Declarations registry) {
    this.registry = registry;
  }

  /** Every topic name, for did-you-mean. */
  List<String> topics() {
    TreeSet<String> all = new TreeSet<>();
    Repl.COMMANDS.forEach(c -> all.add(c.name()));
    for (NamespaceDecl ns : registry.namespaces()) {
      all.add(ns.name());
      for (FunctionDecl f : ns.members().values()) {
        all.add(ns.name() + "." + f.name());
        all.add(f.name());
        f.named().forEach(p -> {
          all.add(p.name());
          all.addAll(p.aliases());
        });
      }
    }
    registry.functions().forEach(f -> all.add(f.name()));
    registry.methods().forEach(m -> all.add(m.name()));
    OBJECTS.forEach(o -> all.addAll(o.fieldNames()));
    return List.copyOf(all);
  }

  /** The help text on {@code topic} (several paragraphs when the name means several things), or null. */
  String explain(String topic) {
    String t = topic.strip();
    List<String> parts = new ArrayList<>();
    String bare = t.startsWith(":") ? t.substring(1) : t;
    for (Repl.Command c : Repl.COMMANDS) {
      if (c.name().equals(t) || c.name().equals(":" + bare)) {
        parts.add("command " + c.name() + (c.args().isEmpty() ? "" : " " + c.args()) + "\n  " + c.summary());
      }
    }
    if (t.startsWith(":")) {
      return parts.isEmpty() ? null : String.join("\n\n", parts) + "\n";
    }
    String name = t.endsWith("()") ? t.substring(0, t.length() - 2) : t;
    int dot = name.indexOf('.');
    if (dot > 0) {
      NamespaceDecl ns = registry.namespace(name.substring(0, dot));
      FunctionDecl f = ns == null ? null : ns.members().get(name.substring(dot + 1));
      if (f != null) {
        parts.add(function(f));
      }
    } else {
      NamespaceDecl ns = registry.namespace(name);
      if (ns != null) {
        parts.add(namespace(ns));
      }
      for (NamespaceDecl n : sorted(registry.namespaces())) {
        FunctionDecl f = n.members().get(name);
        if (f != null) {
          parts.add(function(f));
        }
      }
      FunctionDecl f = registry.function(name);
      if (f != null) {
        parts.add(function(f));
      }
      MethodDecl m = registry.method(name);
      if (m != null) {
        parts.add(method(m));
      }
      String criterion = criterion(name);
      if (criterion != null) {
        parts.add(criterion);
      }
      for (dev.cql.lang.ObjectType<?> o : OBJECTS) {
        dev.cql.lang.ObjectType.Field<?> field = o.field(name);
        if (field != null) {
          parts.add("field " + name + " of a " + o.name() + " object" + summary(field.summary()));
        }
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    // a command named like the topic comes last: "entity" is first the namespace
    if (!parts.isEmpty() && parts.get(0).startsWith("command ") && parts.size() > 1) {
      parts.add(parts.remove(0));
    }
    return String.join("\n\n", parts) + "\n";
  }

  private static List<NamespaceDecl> sorted(java.util.Collection<NamespaceDecl> all) {
    return all.stream().sorted(Comparator.comparing(NamespaceDecl::name)).toList();
  }

  private static String namespace(NamespaceDecl ns) {
    StringBuilder sb = new StringBuilder("namespace " + ns.name() + "\n  " + ns.summary() + "\n  members:");
    ns.members().values().stream().sorted(Comparator.comparing(FunctionDecl::name))
        .forEach(f -> sb.append("\n    ").append(f.signature()).append(summary(f.summary())));
    return sb.toString();
  }

  private static String function(FunctionDecl f) {
    StringBuilder sb = new StringBuilder(f.signature() + "\n  " + f.summary());
    if (!f.named().isEmpty()) {
      sb.append("\n  criteria (named arguments; each takes one value or a list, any of):");
      for (NamedParam p : f.named()) {
        sb.append("\n    ").append(p.name()).append(p.aliases().isEmpty() ? "" : " (also " + String.join(", ", p.aliases()) + ")")
            .append(summary(p.summary()));
      }
    }
    return sb.toString();
  }

  private static String method(MethodDecl m) {
    String kinds = m.receivers().stream().map(Kind::word).collect(Collectors.joining(", "));
    return m.signature() + "\n  " + m.summary() + "\n  on: " + kinds
        + (m.property() ? "\n  may be written without parentheses" : "");
  }

  /** The criterion of that spelling, with every function that takes it. */
  private String criterion(String name) {
    List<String> lines = new ArrayList<>();
    for (NamespaceDecl ns : sorted(registry.namespaces())) {
      for (FunctionDecl f : ns.members().values().stream().sorted(Comparator.comparing(FunctionDecl::name)).toList()) {
        NamedParam p = f.namedParam(name);
        if (p != null) {
          lines.add("  in " + ns.name() + "." + f.name() + "(): " + p.name()
              + (p.aliases().isEmpty() ? "" : " (also " + String.join(", ", p.aliases()) + ")") + summary(p.summary()));
        }
      }
    }
    return lines.isEmpty() ? null : "criterion " + name.toLowerCase(Locale.ROOT) + "\n" + String.join("\n", lines);
  }

  private static String summary(String s) {
    return s == null || s.isBlank() ? "" : ": " + s;
  }
}
