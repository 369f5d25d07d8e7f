package dev.cql.scorecard;

import java.util.List;

/**
 * The HTML report: one self-contained page (inline CSS, no scripts, no external resources) with the ladder, an
 * entities × rules matrix (pass / fail / error / n/a cells, with level, score and percentage per entity), then
 * every failed and errored rule with its message, and the rules with their expressions. Everything taken from
 * the file or the data is HTML-escaped.
 */
public final class HtmlReport {

  private HtmlReport() {}

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1f2328;background:#fff}
      h1{margin:0 0 .25rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
      .meta{color:#59636e;margin:.25rem 0}
      table{border-collapse:collapse;font-size:.9rem}
      th,td{border:1px solid #d0d7de;padding:.3rem .5rem;vertical-align:top}
      th{background:#f6f8fa;text-align:left}
      .matrix th.rule{vertical-align:bottom;padding:.4rem .3rem;font-weight:600}
      .matrix th.rule .rh{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;max-height:18rem;overflow:hidden;text-overflow:ellipsis}
      .matrix td.cell{text-align:center;font-weight:700;min-width:1.6rem}
      td.pass{background:#dafbe1;color:#116329}td.fail{background:#ffebe9;color:#a40e26}
      td.error{background:#fff1c2;color:#7d4e00}td.na{background:#f6f8fa;color:#8c959f}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      .swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.35rem;vertical-align:middle;border:1px solid #0002}
      .levels li{margin:.15rem 0}
      .msg{white-space:pre-wrap;margin:.2rem 0 .6rem 1.5rem;color:#1f2328}
      .kind{font-family:ui-monospace,monospace;font-size:.85em;color:#59636e}
      code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em;white-space:pre-wrap}
      .legend span{margin-right:1rem}
      """;

  public static String render(ScorecardResult result) {
    Scorecard card = result.scorecard();
    List<EntityResult> in = result.inScope();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(card.name())).append(" — scorecard</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(esc(card.name())).append("</h1>\n");
    if (card.description() != null) {
      h.append("<p class=\"description\">").append(esc(card.description().strip())).append("</p>\n");
    }
    h.append("<p class=\"meta\">Scorecard <code>").append(esc(card.tag())).append("</code> from <code>")
        .append(esc(card.file())).append("</code>, evaluated at ").append(esc(Reports.timestamp(result.now())))
        .append(". ").append(in.size()).append(in.size() == 1 ? " entity" : " entities").append(" in scope, average ")
        .append("<strong id=\"average\">")
        .append(esc(result.averagePercentage().isPresent() ? Reports.percent(result.averagePercentage().getAsDouble()) : "n/a"))
        .append("</strong>.</p>\n");

    if (!card.levels().isEmpty()) {
      h.append("<h2>Levels</h2>\n<ul class=\"levels\">\n");
      for (int i = card.levels().size() - 1; i >= 0; i--) {
        Level l = card.levels().get(i);
        long n = in.stream().filter(e -> l.name().equals(e.level())).count();
        h.append("<li data-level=\"").append(esc(l.name())).append("\">").append(swatch(l.color())).append("<strong>")
            .append(esc(l.name())).append("</strong> (rank ").append(l.rank()).append("): ").append(n)
            .append(n == 1 ? " entity" : " entities");
        if (l.description() != null) {
          h.append(" — ").append(esc(l.description().strip()));
        }
        h.append("</li>\n");
      }
      long none = in.stream().filter(e -> e.level() == null).count();
      h.append("<li data-level=\"").append(EntityResult.NO_LEVEL).append("\"><strong>").append(EntityResult.NO_LEVEL)
          .append("</strong>: ").append(none).append(none == 1 ? " entity" : " entities").append("</li>\n</ul>\n");
    }

    h.append("<h2>Entities</h2>\n<p class=\"legend\"><span>✓ passed</span><span>✗ failed</span><span>! errored</span>"
        + "<span>– not applicable</span></p>\n");
    h.append("<table class=\"matrix\">\n<thead><tr><th>Entity</th><th>Level</th><th>Score</th><th>%</th>");
    for (Rule r : card.rules()) {
      h.append("<th class=\"rule\" data-rule=\"").append(esc(r.identifier())).append("\" title=\"")
          .append(esc(r.title() + " (" + r.identifier() + (r.level() == null ? "" : ", " + r.level()) + ", weight " + r.weight() + ")"))
          .append("\"><div class=\"rh\">").append(esc(r.title())).append("</div></th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (EntityResult e : in) {
      h.append("<tr data-entity=\"").append(esc(e.tag())).append("\"><th><a href=\"#entity-").append(esc(e.tag()))
          .append("\">").append(esc(e.tag())).append("</a></th><td class=\"level\">").append(esc(e.levelName()))
          .append("</td><td class=\"num score\">").append(e.score()).append('/').append(e.total())
          .append("</td><td class=\"num percent\">").append(esc(Reports.percent(e.percentage()))).append("</td>");
      for (RuleResult r : e.rules()) {
        h.append("<td class=\"cell ").append(cssClass(r.outcome())).append("\" data-rule=\"").append(esc(r.identifier()))
            .append("\" data-outcome=\"").append(esc(r.outcome().word())).append("\" title=\"")
            .append(esc(r.title() + ": " + r.outcome().word() + (r.message() == null ? "" : " — " + r.message())))
            .append("\">").append(symbol(r.outcome())).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    List<EntityResult> out = result.entities().stream().filter(e -> !e.inScope()).toList();
    if (!out.isEmpty()) {
      h.append("<p class=\"out-of-scope\">Not in scope (the scorecard's filter): ");
      for (int i = 0; i < out.size(); i++) {
        h.append(i == 0 ? "" : ", ").append("<code>").append(esc(out.get(i).tag())).append("</code>");
      }
      h.append("</p>\n");
    }

    h.append("<h2>Failures and errors</h2>\n");
    boolean any = false;
    for (EntityResult e : in) {
      List<RuleResult> bad = e.rules().stream()
          .filter(r -> r.outcome() == Outcome.FAILED || r.outcome() == Outcome.ERRORED).toList();
      if (bad.isEmpty()) {
        continue;
      }
      any = true;
      h.append("<section class=\"entity\" id=\"entity-").append(esc(e.tag())).append("\">\n<h3>").append(esc(e.tag()))
          .append(" — ").append(esc(e.levelName())).append(", ").append(e.score()).append('/').append(e.total())
          .append(" (").append(esc(Reports.percent(e.percentage()))).append(")</h3>\n<ul>\n");
      for (RuleResult r : bad) {
        h.append("<li class=\"").append(cssClass(r.outcome())).append("\" data-rule=\"").append(esc(r.identifier()))
            .append("\"><strong>").append(r.outcome() == Outcome.FAILED ? "Failed" : "Errored").append(":</strong> ")
            .append(esc(r.title()));
        if (r.errorKind() != null) {
          h.append(" <span class=\"kind\">[").append(esc(r.errorKind())).append("]</span>");
        }
        if (r.message() != null && !r.message().isBlank()) {
          h.append("<div class=\"msg\">").append(esc(r.message().strip())).append("</div>");
        }
        h.append("</li>\n");
      }
      h.append("</ul>\n</section>\n");
    }
    if (!any) {
      h.append("<p>None: every applicable rule passed.</p>\n");
    }

    h.append("<h2>Rules</h2>\n<table class=\"rules\">\n<thead><tr><th>Rule</th><th>Level</th><th>Weight</th>"
        + "<th>Expression</th></tr></thead>\n<tbody>\n");
    for (Rule r : card.rules()) {
      h.append("<tr data-rule=\"").append(esc(r.identifier())).append("\"><td><strong>").append(esc(r.title()))
          .append("</strong><br><span class=\"kind\">").append(esc(r.identifier())).append("</span>");
      if (r.description() != null) {
        h.append("<br>").append(esc(r.description().strip()));
      }
      h.append("</td><td>").append(r.level() == null ? "—" : esc(r.level())).append("</td><td class=\"num\">")
          .append(r.weight()).append("</td><td><code>").append(esc(r.expression() == null ? "" : r.expression().strip()))
          .append("</code>");
      if (r.filter() != null) {
        h.append("<br><span class=\"kind\">filter: ").append(esc(r.filter().describe())).append("</span>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    if (card.filter() != null) {
      h.append("<p class=\"meta\">Scorecard filter: ").append(esc(card.filter().describe())).append("</p>\n");
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static String swatch(String color) {
    // colors were checked when the file loaded (#hex or a plain name), and are escaped all the same
    return color == null ? "" : "<span class=\"swatch\" style=\"background:" + esc(color) + "\"></span>";
  }

  private static String cssClass(Outcome o) {
    return switch (o) {
      case PASSED -> "pass";
      case FAILED -> "fail";
      case ERRORED -> "error";
      case NOT_APPLICABLE -> "na";
    };
  }

  private static String symbol(Outcome o) {
    return switch (o) {
      case PASSED -> "✓";
      case FAILED -> "✗";
      case ERRORED -> "!";
      case NOT_APPLICABLE -> "–";
    };
  }

  /** Escapes text for HTML element content and double-quoted attributes. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
