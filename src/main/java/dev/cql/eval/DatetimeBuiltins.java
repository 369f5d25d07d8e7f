package dev.cql.eval;

import static dev.cql.lang.Kind.DATETIME;

import dev.cql.lang.Type;
import java.time.Duration;
import java.time.Instant;

/** Datetimes and durations: {@code now()}, {@code datetime(text)}, {@code duration(text)}, {@code fromNow()}. */
final class DatetimeBuiltins {

  private DatetimeBuiltins() {}

  static void install(Registry.Builder r) {
    Functions.register(r, Functions.define("now").returns(Type.DATETIME).signature("now()")
        .summary("the evaluation's clock reading (the same throughout one evaluation)")
        .body((env, args, site) -> env.now()));
    Functions.register(r, Functions.define("datetime").param("text", Type.STRING).returns(Type.DATETIME).pure()
        .signature("datetime(text)")
        .summary("an ISO-8601 datetime such as \"2026-01-01T00:00:00Z\" (a date alone means midnight UTC)")
        .body((env, args, site) -> Temporals.parseDatetime((String) args[0], site.arg(0))));
    Functions.register(r, Functions.define("duration").param("text", Type.STRING).returns(Type.DURATION).pure()
        .signature("duration(text)")
        .summary("an ISO-8601 duration such as \"P7D\", \"PT36H\" or \"-P1D\" (weeks: \"P2W\")")
        .body((env, args, site) -> Temporals.parseDuration((String) args[0], site.arg(0))));
    Methods.define("fromNow").signature("datetime.fromNow()").summary("the datetime minus now, as a duration (negative for the past)")
        .on(DATETIME).returns(Type.DURATION).impure()
        .body((env, recv, args, site) -> Duration.between(env.now(), (Instant) recv))
        .into(r);
  }
}
