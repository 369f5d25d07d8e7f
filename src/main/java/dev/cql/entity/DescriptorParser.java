package dev.cql.entity;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.cql.buildkite.RepositoryKey;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one Cortex entity descriptor (YAML) into an {@link Entity}. Every problem carries the line and column
 * of the offending node. A descriptor with an error gives no entity; warnings leave it loaded.
 *
 * <p>Shapes accepted (the parts we read; everything else is kept in the descriptor tree unchecked):
 * <ul>
 *   <li>{@code info} (mapping, required) with {@code x-cortex-tag} (non-empty scalar, required), {@code title},
 *       {@code description}, {@code x-cortex-type} (scalars), {@code x-cortex-groups} (list of scalars);
 *   <li>{@code x-cortex-git}: one of {@code github|gitlab|bitbucket: {repository: owner/repo}} or
 *       {@code azure: {project: p, repository: r}};
 *   <li>{@code x-cortex-ci-cd.buildkite} or {@code x-cortex-ci.buildkite} (both may be present: their lists
 *       are merged): {@code pipelines: [{slug: s}]}, {@code tags: [{tag: t}]}. A {@code buildkite:} key with an
 *       empty value is an (empty) block: it turns the entity-tag default off;
 *   <li>{@code x-cortex-custom-metadata}: a mapping of anything.
 * </ul>
 */
public final class DescriptorParser {

  /**
   * The outcome of parsing one descriptor: an entity (null on error) and the problems found; {@code tagLine} and
   * {@code tagColumn} locate {@code x-cortex-tag} (0 when unknown), for duplicate-tag problems.
   */
  public record Result(Entity entity, List<CatalogProblem> problems, int tagLine, int tagColumn) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
      return problems.stream().anyMatch(CatalogProblem::isError);
    }
  }

  static final List<String> GIT_PROVIDERS = List.of("github", "gitlab", "bitbucket", "azure");

  private static final YAMLFactory YAML = YAMLFactory.builder()
      .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

  private DescriptorParser() {}

  public static Result parse(String source, String yaml) {
    return parse(source, new StringReader(yaml));
  }

  /** Parses a descriptor; {@code source} names it in problems and in {@link Entity#source()}. */
  public static Result parse(String source, Reader reader) {
    Run run = new Run(source);
    Object root;
    try (JsonParser p = YAML.createParser(reader)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        run.error(null, "empty descriptor: expected a mapping with an `info` section");
        return run.result(null);
      }
      root = run.read(p, "");
      JsonToken extra = p.nextToken();
      if (extra != null) {
        run.error(p.currentTokenLocation(), "more than one YAML document: a descriptor file holds one entity");
      }
    } catch (TooManyAliases e) {
      return run.result(null);
    } catch (JacksonException e) {
      JsonLocation loc = e.getLocation();
      run.error(loc, "YAML syntax error: " + e.getOriginalMessage().strip());
      return run.result(null);
    } catch (IOException e) {
      run.error(null, "cannot read: " + e.getMessage());
      return run.result(null);
    }
    return run.result(run.entity(root));
  }

  private static final class TooManyAliases extends RuntimeException {
    TooManyAliases() {
      super(null, null, false, false);
    }
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        return true;
      }
    }
    return false;
  }

  /** Per-descriptor state: the problems and the location of every node, by JSON pointer. */
  private static final class Run {
    final String source;
    final List<CatalogProblem> problems = new ArrayList<>();
    final Map<String, JsonLocation> where = new HashMap<>();

    Run(String source) {
      this.source = source;
    }

    Result result(Entity e) {
      JsonLocation tagAt = at("/info/x-cortex-tag");
      return new Result(problems.stream().anyMatch(CatalogProblem::isError) ? null : e, problems,
          tagAt == null ? 0 : tagAt.getLineNr(), tagAt == null ? 0 : tagAt.getColumnNr());
    }

    void error(JsonLocation loc, String message) {
      add(CatalogProblem.Severity.ERROR, loc, message);
    }

    void warning(JsonLocation loc, String message) {
      add(CatalogProblem.Severity.WARNING, loc, message);
    }

    private void add(CatalogProblem.Severity s, JsonLocation loc, String message) {
      int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
      int col = loc == null ? 0 : Math.max(0, loc.getColumnNr());
      problems.add(new CatalogProblem(s, source, line, col, message));
    }

    JsonLocation at(String pointer) {
      return where.get(pointer);
    }

    int aliases;

    /** Reads the value at the parser's current token into a plain tree, recording locations. */
    Object read(JsonParser p, String pointer) throws IOException {
      where.put(pointer, p.currentTokenLocation());
      JsonToken t = p.currentToken();
      if (p instanceof YAMLParser y && y.isCurrentAlias()) {
        if (++aliases == 1) {
          error(p.currentTokenLocation(), "YAML aliases (*" + p.getText() + ") are not supported in descriptors");
        } else if (aliases > dev.cql.lang.Limit.YAML_ALIASES.value()) {
          error(p.currentTokenLocation(), "more than " + dev.cql.lang.Limit.YAML_ALIASES.value() + " YAML aliases; "
              + dev.cql.lang.Limit.YAML_ALIASES.explain());
          throw new TooManyAliases();
        }
        return null;
      }
      switch (t) {
        case START_OBJECT: {
          Map<String, Object> map = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonLocation keyAt = p.currentTokenLocation();
            p.nextToken();
            String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            if (map.containsKey(key)) {
              error(keyAt, "duplicate key `" + key + "`");
              p.skipChildren();
              continue;
            }
            map.put(key, read(p, child));
            where.putIfAbsent(child + "#key", keyAt);
          }
          return Collections.unmodifiableMap(map);
        }
        case START_ARRAY: {
          List<Object> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(read(p, pointer + "/" + list.size()));
          }
          return Collections.unmodifiableList(list);
        }
        case VALUE_STRING:
          return p.getText();
        case VALUE_NUMBER_INT:
          switch (p.getNumberType()) {
            case INT:
            case LONG:
              return p.getLongValue();
            default:
              return new BigDecimal(p.getBigIntegerValue());
          }
        case VALUE_NUMBER_FLOAT:
          try {
            return p.getDecimalValue();
          } catch (NumberFormatException | IOException e) {
            return p.getText(); // .inf, .nan
          }
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return null;
        default:
          return p.getText();
      }
    }

    // ---- validation -------------------------------------------------------------------------------------

    Entity entity(Object root) {
      if (!(root instanceof Map)) {
        error(at(""), "a descriptor must be a mapping with an `info` section, found " + kind(root));
        return null;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> descriptor = (Map<String, Object>) root;
      if (!descriptor.containsKey("info")) {
        error(at(""), "missing `info` section");
        return null;
      }
      Map<String, Object> info = map(descriptor.get("info"), "/info", "`info`");
      if (info == null) {
        if (descriptor.get("info") == null) {
          error(at("/info"), "`info` is empty: it needs at least `x-cortex-tag`");
        }
        return null;
      }
      Object tagValue = info.get("x-cortex-tag");
      String tag = scalar(tagValue, "/info/x-cortex-tag", "`x-cortex-tag`");
      if (!info.containsKey("x-cortex-tag")) {
        error(at("/info"), "missing `info.x-cortex-tag`");
      } else if (tagValue == null || (tag != null && tag.isBlank())) {
        error(at("/info/x-cortex-tag"), "`x-cortex-tag` is empty");
        tag = null;
      } else if (tag != null && hasControl(tag)) {
        // printed in tables, reports and terminals: an escape sequence or NUL byte there could rewrite the screen
        error(at("/info/x-cortex-tag"), "`x-cortex-tag` contains control characters (such as ESC or NUL): "
            + tag.replaceAll("\\p{Cntrl}", "?"));
        tag = null;
      }
      String title = scalar(info.get("title"), "/info/title", "`title`");
      if (title != null && hasControl(title)) {
        error(at("/info/title"), "`title` contains control characters (such as ESC or NUL): " + title.replaceAll("\\p{Cntrl}", "?"));
      }
      if (!info.containsKey("title")) {
        warning(at("/info"), "missing `info.title`: the entity's name is its tag");
      }
      String type = scalar(info.get("x-cortex-type"), "/info/x-cortex-type", "`x-cortex-type`");
      String description = scalar(info.get("description"), "/info/description", "`description`");
      List<String> groups = scalars(info.get("x-cortex-groups"), "/info/x-cortex-groups", "`x-cortex-groups`");
      Entity.Git git = git(info.get("x-cortex-git"));
      Entity.BuildkiteBlock bk = buildkite(info);
      Map<String, Object> custom = map(info.get("x-cortex-custom-metadata"), "/info/x-cortex-custom-metadata",
          "`x-cortex-custom-metadata`");
      if (tag == null || problems.stream().anyMatch(CatalogProblem::isError)) {
        return null;
      }
      return new Entity(tag.strip(), title, type, description, groups, git, bk, custom, descriptor, source);
    }

    private Entity.Git git(Object v) {
      String base = "/info/x-cortex-git";
      Map<String, Object> git = map(v, base, "`x-cortex-git`");
      if (git == null) {
        return null;
      }
      Entity.Git found = null;
      for (Map.Entry<String, Object> e : git.entrySet()) {
        String provider = e.getKey();
        String ptr = base + "/" + provider;
        if (!GIT_PROVIDERS.contains(provider)) {
          warning(at(ptr + "#key"), "unknown `x-cortex-git` provider `" + provider + "` (expected one of "
              + String.join(", ", GIT_PROVIDERS) + "): ignored");
          continue;
        }
        Map<String, Object> block = map(e.getValue(), ptr, "`x-cortex-git." + provider + "`");
        if (block == null) {
          if (e.getValue() == null) {
            error(at(ptr), "`x-cortex-git." + provider + "` needs a `repository`");
          }
          continue;
        }
        String repo = scalar(block.get("repository"), ptr + "/repository", "`repository`");
        if (repo == null || repo.isBlank()) {
          error(block.containsKey("repository") ? at(ptr + "/repository") : at(ptr),
              "`x-cortex-git." + provider + "` needs a non-empty `repository`");
          continue;
        }
        String project = null;
        String keyed = repo.strip();
        if (provider.equals("azure")) {
          project = scalar(block.get("project"), ptr + "/project", "`project`");
          if (project == null || project.isBlank()) {
            error(block.containsKey("project") ? at(ptr + "/project") : at(ptr),
                "`x-cortex-git.azure` needs a non-empty `project` as well as a `repository`");
            continue;
          }
          project = project.strip();
          if (!keyed.contains("/") && !keyed.contains(":")) {
            keyed = project + "/" + keyed;
          }
        }
        if (found != null) {
          warning(at(ptr + "#key"), "`x-cortex-git` names more than one repository: `" + found.provider()
              + "` is used, `" + provider + "` ignored");
          continue;
        }
        found = new Entity.Git(provider, repo.strip(), project, RepositoryKey.fromEntity(provider, keyed));
      }
      return found;
    }

    private Entity.BuildkiteBlock buildkite(Map<String, Object> info) {
      List<String> slugs = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      String blockName = null;
      for (String section : List.of("x-cortex-ci-cd", "x-cortex-ci")) {
        String ptr = "/info/" + section;
        Map<String, Object> ci = map(info.get(section), ptr, "`" + section + "`");
        if (ci == null || !ci.containsKey("buildkite")) {
          continue;
        }
        blockName = blockName == null ? section : blockName;
        String bptr = ptr + "/buildkite";
        Map<String, Object> bk = map(ci.get("buildkite"), bptr, "`" + section + ".buildkite`");
        if (bk == null) {
          continue;
        }
        listOf(bk.get("pipelines"), bptr + "/pipelines", "slug", slugs);
        listOf(bk.get("tags"), bptr + "/tags", "tag", tags);
      }
      return blockName == null ? null : new Entity.BuildkiteBlock(
          List.copyOf(new LinkedHashSet<>(slugs)), List.copyOf(new LinkedHashSet<>(tags)), blockName);
    }

    /** A list of {@code {field: value}} mappings, e.g. {@code [{slug: a}, {slug: b}]}. */
    private void listOf(Object v, String ptr, String field, List<String> out) {
      if (v == null) {
        return;
      }
      if (!(v instanceof List<?> list)) {
        error(at(ptr), "`" + last(ptr) + "` must be a list of `{" + field + ": ...}` entries, found " + kind(v));
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        String iptr = ptr + "/" + i;
        Object item = list.get(i);
        if (!(item instanceof Map<?, ?> m) || !m.containsKey(field)) {
          error(at(iptr), "each entry of `" + last(ptr) + "` must be `{" + field + ": ...}`, found " + kind(item));
          continue;
        }
        String s = scalar(m.get(field), iptr + "/" + field, "`" + field + "`");
        if (s == null || s.isBlank()) {
          if (m.get(field) == null) {
            error(at(iptr + "/" + field), "`" + field + "` is empty");
          }
          continue;
        }
        out.add(s.strip());
      }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object v, String ptr, String what) {
      if (v == null) {
        return null;
      }
      if (v instanceof Map) {
        return (Map<String, Object>) v;
      }
      error(at(ptr), what + " must be a mapping, found " + kind(v));
      return null;
    }

    private String scalar(Object v, String ptr, String what) {
      if (v == null) {
        return null;
      }
      if (v instanceof Map || v instanceof List) {
        error(at(ptr), what + " must be a single value, found " + kind(v));
        return null;
      }
      return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }

    private List<String> scalars(Object v, String ptr, String what) {
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof List<?> list)) {
        error(at(ptr), what + " must be a list, found " + kind(v));
        return List.of();
      }
      List<String> out = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String s = scalar(list.get(i), ptr + "/" + i, "each entry of " + what);
        if (s != null && seen.add(s)) {
          out.add(s);
        }
      }
      return out;
    }

    private static String last(String ptr) {
      return ptr.substring(ptr.lastIndexOf('/') + 1);
    }

    private static String kind(Object v) {
      if (v == null) {
        return "nothing";
      }
      if (v instanceof Map) {
        return "a mapping";
      }
      if (v instanceof List) {
        return "a list";
      }
      if (v instanceof String s) {
        return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
      }
      return "the value " + v;
    }
  }
}
