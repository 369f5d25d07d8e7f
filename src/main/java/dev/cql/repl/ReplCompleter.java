package dev.cql.repl;

import dev.cql.lang.Declarations;
import dev.cql.lang.FunctionDecl;
import dev.cql.lang.Kind;
import dev.cql.lang.MethodDecl;
import dev.cql.lang.NamedParam;
import dev.cql.lang.NamespaceDecl;
import dev.cql.lang.ObjectType;
import dev.cql.lang.Type;
import dev.cql.syntax.CqlLexer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.antlr.v4.runtime.Token;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: REPL commands after {@code :}, entity tags after {@code :entity }, and in expressions the
 * namespaces, global functions and lambda parameters in scope, the members of a namespace after
 * {@code entity.} / {@code buildkite.}, the criteria inside {@code buildkite.builds(} / {@code pipelines(},
 * and after any other {@code .} the methods (and fields) of the receiver's kind as far as {@link TypeGuess}
 * can tell, else every method.
 */
public final class ReplCompleter implements Completer {

  private final Declarations registry;
  private final Supplier<List<String>> entityTags;

  public ReplCompleter(Declarations registry, Supplier<List<String>> entityTags) {
    this.registry = registry;
    this.entityTags = entityTags;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String word = line.word().substring(0, Math.max(0, Math.min(line.wordCursor(), line.word().length())));
    for (Candidate c : candidates(line.line(), line.cursor())) {
      if (c.value().startsWith(word)) {
        candidates.add(c);
      }
    }
  }

  /** Every candidate at the cursor, before JLine filters them by the word typed so far. */
  public List<Candidate> candidates(String text, int cursor) {
    String before = text.substring(0, Math.max(0, Math.min(cursor, text.length())));
    String lead = before.stripLeading();
    if (lead.startsWith(":")) {
      int sp = indexOfSpace(lead);
      if (sp < 0) {
        List<Candidate> out = new ArrayList<>();
        for (Repl.Command c : Repl.COMMANDS) {
          out.add(new Candidate(c.name(), c.name(), "commands", c.summary(), null, null, !c.args().isEmpty()));
        }
        return out;
      }
      String cmd = lead.substring(0, sp);
      String rest = lead.substring(sp + 1);
      switch (cmd) {
        case ":entity" -> {
          if (indexOfSpace(rest.stripLeading()) >= 0) {
            return List.of();
          }
          List<Candidate> out = new ArrayList<>();
          for (String tag : entityTags.get()) {
            out.add(new Candidate(tag, tag, "entities", null, null, null, true));
          }
          return out;
        }
        case ":time" -> {
          return List.of(new Candidate("on", "on", null, null, null, null, true),
              new Candidate("off", "off", null, null, null, null, true));
        }
        case ":explain" -> {
          return expression(rest);
        }
        default -> {
          return List.of();
        }
      }
    }
    return expression(before);
  }

  private List<Candidate> expression(String before) {
    int p = before.length();
    while (p > 0 && ReplParser.isWordChar(before.charAt(p - 1))) {
      p--;
    }
    String head = before.substring(0, p);
    List<Token> all = InputScanner.allTokens(head);
    if (!all.isEmpty()) {
      int last = all.get(all.size() - 1).getType();
      if (last == CqlLexer.UNTERMINATED_STRING || last == CqlLexer.UNTERMINATED_COMMENT || last == CqlLexer.LINE_COMMENT) {
        return List.of(); // inside a string or a comment
      }
    }
    if (p < before.length() && Character.isDigit(before.charAt(p))) {
      return List.of(); // a number
    }
    List<Token> tokens = new ArrayList<>();
    for (Token tok : all) {
      if (tok.getChannel() == Token.DEFAULT_CHANNEL) {
        tokens.add(tok);
      }
    }
    TypeGuess guess = new TypeGuess(tokens, registry);
    int n = tokens.size();
    Token prev = n == 0 ? null : tokens.get(n - 1);
    if (prev != null && prev.getType() == CqlLexer.DOT) {
      String ns = guess.rootNamespace(n - 2);
      if (ns != null) {
        return namespaceMembers(registry.namespace(ns));
      }
      return members(guess.typeAt(n - 2));
    }
    List<Integer> open = guess.openBrackets();
    List<Candidate> out = new ArrayList<>();
    if (prev != null && (prev.getType() == CqlLexer.LPAREN || prev.getType() == CqlLexer.COMMA) && !open.isEmpty()) {
      int k = open.get(open.size() - 1);
      FunctionDecl spec = calledFunction(tokens, guess, k);
      if (spec != null && !spec.named().isEmpty()) {
        for (NamedParam np : spec.named()) {
          out.add(new Candidate(np.name() + "=", np.name(), "criteria", np.summary(), null, null, false));
          for (String alias : np.aliases()) {
            out.add(new Candidate(alias + "=", alias, "criteria", "= " + np.name(), null, null, false));
          }
        }
        if (spec.maxArgs() == 0) {
          return out;
        }
      }
    }
    if (prev != null && TypeGuess.endsValue(prev)) {
      // after a complete operand only an operator can follow
      for (String kw : List.of("AND", "OR", "in")) {
        out.add(new Candidate(kw, kw, "keywords", null, null, null, true));
      }
      return out;
    }
    Set<String> params = new LinkedHashSet<>();
    for (int k : open) {
      if (tokens.get(k).getType() == CqlLexer.LPAREN) {
        params.addAll(guess.lambdaParamsAfter(k));
      }
    }
    for (String param : params) {
      out.add(new Candidate(param, param, "variables", "lambda parameter", null, null, false));
    }
    registry.namespaces().stream().sorted(Comparator.comparing(NamespaceDecl::name)).forEach(ns ->
        out.add(new Candidate(ns.name(), ns.name(), "namespaces", ns.summary(), null, null, false)));
    registry.functions().stream().sorted(Comparator.comparing(FunctionDecl::name)).forEach(f ->
        out.add(new Candidate(call(f.name(), f.maxArgs(), f.named().isEmpty()), f.name(), "functions", f.signature(), null, null, false)));
    for (String lit : List.of("true", "false", "null", "NOT")) {
      out.add(new Candidate(lit, lit, "keywords", null, null, null, false));
    }
    return out;
  }

  /** The function called with the open parenthesis at {@code k}: a global function or a namespace member. */
  private FunctionDecl calledFunction(List<Token> tokens, TypeGuess guess, int k) {
    if (tokens.get(k).getType() != CqlLexer.LPAREN || k < 1 || !TypeGuess.isName(tokens.get(k - 1))) {
      return null;
    }
    String fn = TypeGuess.name(tokens.get(k - 1));
    if (k >= 2 && tokens.get(k - 2).getType() == CqlLexer.DOT) {
      String ns = guess.rootNamespace(k - 3);
      return ns == null ? null : registry.namespace(ns).members().get(fn);
    }
    return registry.function(fn);
  }

  private static List<Candidate> namespaceMembers(NamespaceDecl ns) {
    List<Candidate> out = new ArrayList<>();
    ns.members().values().stream().sorted(Comparator.comparing(FunctionDecl::name)).forEach(f ->
        out.add(new Candidate(call(f.name(), f.maxArgs(), f.named().isEmpty()), f.name(), ns.name(), f.signature(), null, null, false)));
    return out;
  }

  private List<Candidate> members(Type receiver) {
    List<Candidate> out = new ArrayList<>();
    Kind kind = receiver == null ? null : receiver.kind();
    if (receiver != null && receiver.object() != null) {
      ObjectType<?> type = receiver.object();
      for (ObjectType.Field<?> f : type.fields()) {
        out.add(new Candidate(f.name(), f.name(), type.name() + " fields", f.summary(), null, null, false));
      }
    }
    if (kind == Kind.NAMESPACE) {
      return namespaceMembers(registry.namespace(receiver.namespace()));
    }
    registry.methods().stream().sorted(Comparator.comparing(MethodDecl::name)).forEach(m -> {
      if (kind == null || m.on(kind) != null) {
        String value = m.property() && m.minArgs() == 0 ? m.name() : call(m.name(), m.maxArgs(), true);
        out.add(new Candidate(value, m.name(), "methods", m.signature(), null, null, false));
      }
    });
    return out;
  }

  private static String call(String name, int maxArgs, boolean noNamed) {
    return maxArgs == 0 && noNamed ? name + "()" : name + "(";
  }

  private static int indexOfSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
