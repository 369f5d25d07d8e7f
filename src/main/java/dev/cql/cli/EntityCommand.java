package dev.cql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.namespace.BuildValue;
import dev.cql.entity.Entity;
import dev.cql.entity.LinkReason;
import dev.cql.entity.Linkage;
import dev.cql.session.DataSession;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The entity page: for each linked pipeline, its slug (or the tag that linked it) and its recent runs with
 * action, timestamp, branch and state, as Cortex shows them.
 */
@Command(name = "entity", description = "Shows an entity's Buildkite page: each linked pipeline with its recent runs.")
final class EntityCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TAG", description = "the entity tag")
  String tag;

  @CommandLine.Mixin DataOptions data = new DataOptions();

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  Output.Format format;

  @Option(names = "--limit", defaultValue = "5", paramLabel = "N", description = "runs per pipeline (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--color", defaultValue = "auto", description = "auto, always or never (default: ${DEFAULT-VALUE})")
  String color;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** One linked pipeline on the page. */
  record Section(String label, Pipeline pipeline, List<String> reasons, List<Build> runs) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (limit < 1) {
      throw new Main.UsageException("--limit must be at least 1");
    }
    DataSession session = data.open(err);
    Entity entity;
    try {
      entity = session.entity(tag);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
    Instant now = data.now() != null ? data.now() : Instant.now();
    List<Section> sections = new ArrayList<>();
    Linkage linkage;
    try {
      linkage = session.link(entity);
      for (Pipeline p : linkage.pipelines()) {
        List<Build> builds = session.source().builds(List.of(p.slug()), now.minus(session.window()), null);
        List<Build> runs = builds.subList(0, Math.min(limit, builds.size()));
        List<String> reasons = new ArrayList<>();
        for (LinkReason r : linkage.reasons(p.slug())) {
          reasons.add(r.description());
        }
        reasons.sort(null);
        sections.add(new Section(label(entity, p, linkage), p, reasons, runs));
      }
    } catch (BuildkiteException e) {
      err.println("error[data] " + e.getMessage());
      err.flush();
      return Main.FAILED;
    }
    if (format == Output.Format.json) {
      out.println(json(entity, linkage, sections));
    } else {
      boolean colour = color.equals("always") || (color.equals("auto") && System.console() != null
          && System.getenv("NO_COLOR") == null);
      text(out, entity, linkage, sections, colour);
    }
    out.flush();
    return Main.OK;
  }

  /** The slug, or the tag that linked the pipeline when it was linked by a tag alone. */
  static String label(Entity entity, Pipeline p, Linkage linkage) {
    var reasons = linkage.reasons(p.slug());
    boolean bySlug = reasons.contains(LinkReason.LISTED_SLUG) || reasons.contains(LinkReason.ENTITY_TAG_SLUG)
        || reasons.contains(LinkReason.REPOSITORY);
    if (!bySlug) {
      List<String> tags = entity.buildkite() != null ? entity.buildkite().tags() : List.of(entity.tag());
      for (String t : tags) {
        if (p.tags().contains(t)) {
          return p.slug() + " (tag " + t + ")";
        }
      }
    }
    return p.slug();
  }

  private static void text(PrintWriter out, Entity entity, Linkage linkage, List<Section> sections, boolean colour) {
    out.println(entity.title() + " (" + entity.tag() + ", " + entity.type() + ")");
    for (String w : linkage.warnings()) {
      out.println("  warning: " + w);
    }
    if (linkage.isNull()) {
      out.println("  No Buildkite pipelines: the descriptor has no buildkite block and no pipeline links to it.");
      return;
    }
    if (sections.isEmpty()) {
      out.println("  No Buildkite pipelines match the descriptor's buildkite block.");
      return;
    }
    for (Section s : sections) {
      out.println();
      String latest = s.runs().isEmpty() ? "" : "  " + paint(s.runs().get(0).state(), colour);
      out.println(s.label() + latest + "   " + nz(s.pipeline().name()) + " — " + String.join("; ", s.reasons()));
      if (s.runs().isEmpty()) {
        out.println("  no runs in the window");
        continue;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"#", "ACTION", "TIMESTAMP (UTC)", "BRANCH", "STATE"});
      for (Build b : s.runs()) {
        rows.add(new String[] {String.valueOf(b.number()), BuildValue.action(b.source()),
            b.createdAt() == null ? "" : TIME.format(b.createdAt()), nz(b.branch()), stateText(b)});
      }
      int[] widths = new int[5];
      for (String[] r : rows) {
        for (int i = 0; i < 5; i++) {
          widths[i] = Math.max(widths[i], r[i].length());
        }
      }
      for (int row = 0; row < rows.size(); row++) {
        String[] r = rows.get(row);
        StringBuilder sb = new StringBuilder("  ");
        for (int i = 0; i < 4; i++) {
          sb.append(pad(r[i], widths[i])).append("  ");
        }
        sb.append(row == 0 ? r[4] : paint(r[4], colour));
        out.println(sb.toString().stripTrailing());
      }
    }
  }

  private static String stateText(Build b) {
    return b.blocked() ? b.state() + " (blocked)" : nz(b.state());
  }

  static String paint(String state, boolean colour) {
    if (!colour || state == null) {
      return nz(state);
    }
    String base = state.split(" ")[0];
    String code = switch (base) {
      case "passed" -> "32";
      case "failed", "failing" -> "31";
      case "running", "scheduled", "creating" -> "33";
      case "canceled", "canceling", "skipped", "not_run" -> "90";
      case "blocked" -> "35";
      default -> "0";
    };
    return "\u001b[" + code + "m" + state + "\u001b[0m";
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String json(Entity entity, Linkage linkage, List<Section> sections) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("tag", entity.tag());
    page.put("name", entity.title());
    page.put("type", entity.type());
    page.put("buildkite", linkage.isNull() ? null : "linked");
    page.put("warnings", linkage.warnings());
    List<Object> pipelines = new ArrayList<>();
    for (Section s : sections) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("slug", s.pipeline().slug());
      p.put("label", s.label());
      p.put("name", s.pipeline().name());
      p.put("linked_because", s.reasons());
      List<Object> runs = new ArrayList<>();
      for (Build b : s.runs()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("number", b.number());
        r.put("action", BuildValue.action(b.source()));
        r.put("timestamp", b.createdAt() == null ? null : b.createdAt().toString());
        r.put("branch", b.branch());
        r.put("state", b.state());
        r.put("blocked", b.blocked());
        r.put("web_url", b.webUrl());
        runs.add(r);
      }
      p.put("runs", runs);
      pipelines.add(p);
    }
    page.put("pipelines", pipelines);
    try {
      return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(page);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
