package dev.cql.eval;

import static dev.cql.lang.Kind.STRING;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.eval.Registry.Preparer;
import dev.cql.lang.Param;
import dev.cql.lang.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/** The methods of strings, and the regular expressions they share with lists. */
final class StringBuiltins {

  private StringBuiltins() {}

  /** A regular expression argument: a constant one that does not compile is a syntax error when compiling. */
  static final Param REGEX_PARAM = Param.value("regex", Type.STRING).withCheck((value, span) -> {
    if (value instanceof String re) {
      RegexSize.check(re, span);
      try {
        Pattern.compile(re);
      } catch (PatternSyntaxException e) {
        throw new CqlException(ErrorKind.SYNTAX, span, "invalid regular expression: " + e.getDescription());
      }
    }
  });

  /** Compiles a regular expression argument, once when it is a constant, else through a bounded cache. */
  static final Preparer REGEX = new Preparer() {
    @Override
    public Object prepare(Object value, Site site, int position) {
      if (!(value instanceof String re)) {
        throw Methods.argumentKind(site.name(), dev.cql.lang.Kind.STRING, value, site, position);
      }
      Pattern p = CACHE.get(re);
      if (p == null) {
        p = compileRegex(re, site.arg(position));
        if (CACHE.size() >= 1024) {
          CACHE.clear();
        }
        CACHE.put(re, p);
      }
      return p;
    }

    @Override
    public boolean isPrepared(Object value) {
      return value instanceof Pattern;
    }
  };

  private static final ConcurrentHashMap<String, Pattern> CACHE = new ConcurrentHashMap<>();

  static void install(Registry.Builder r) {
    Methods.define("matches").signature("text.matches(regex)").summary("whether the whole string matches the RE2 regular expression")
        .on(STRING).param(REGEX_PARAM, REGEX).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> ((Pattern) args[0]).matches((String) recv))
        .into(r);
    Methods.define("matchesIn").signature("text.matchesIn(regex)").summary("whether the regular expression matches somewhere in the string")
        .on(STRING).param(REGEX_PARAM, REGEX).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> ((Pattern) args[0]).matcher((String) recv).find())
        .into(r);
    Methods.define("startsWith").signature("text.startsWith(prefix)").summary("whether the string starts with the prefix")
        .on(STRING).param("prefix", Type.STRING).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> ((String) recv).startsWith((String) args[0]))
        .into(r);
    Methods.define("endsWith").signature("text.endsWith(suffix)").summary("whether the string ends with the suffix")
        .on(STRING).param("suffix", Type.STRING).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> ((String) recv).endsWith((String) args[0]))
        .into(r);
    Methods.define("toLowerCase").signature("text.toLowerCase()").summary("the string in lower case")
        .on(STRING).returns(Type.STRING).body((env, recv, args, site) -> ((String) recv).toLowerCase(Locale.ROOT))
        .into(r);
    Methods.define("toUpperCase").signature("text.toUpperCase()").summary("the string in upper case")
        .on(STRING).returns(Type.STRING).body((env, recv, args, site) -> ((String) recv).toUpperCase(Locale.ROOT))
        .into(r);
    Methods.define("trim").signature("text.trim()").summary("the string without leading and trailing white space")
        .on(STRING).returns(Type.STRING).body((env, recv, args, site) -> ((String) recv).strip())
        .into(r);
    Methods.define("split").signature("text.split(separator)").summary("the parts between occurrences of the separator (not a regex)")
        .on(STRING).param("separator", Type.STRING).returns(Type.list(Type.STRING)).body((env, recv, args, site) -> {
          String s = (String) recv;
          String sep = (String) args[0];
          List<Object> out = new ArrayList<>();
          if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
          } else {
            int from = 0;
            int at;
            while ((at = s.indexOf(sep, from)) >= 0) {
              out.add(s.substring(from, at));
              from = at + sep.length();
            }
            out.add(s.substring(from));
          }
          env.tick(out.size(), site.span());
          return Collections.unmodifiableList(out);
        })
        .into(r);
  }

  /** Compiles an RE2 regular expression, or throws a type error describing the problem. */
  static Pattern compileRegex(String re, Span span) {
    RegexSize.check(re, span);
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw Errors.type(span, "invalid regular expression: " + e.getDescription());
    }
  }
}
