package dev.cql.buildkite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tolerant conversion between Buildkite REST bodies and the {@link Pipeline} / {@link Build} records.
 *
 * <p>Reading: unknown fields are ignored, missing or null fields become null (numbers 0, booleans false),
 * timestamps are accepted as ISO-8601 ({@code 2025-02-13T23:20:01.120Z}, any offset) and in the
 * {@code 2025-07-16 06:07:42 UTC} style; an unparseable timestamp reads as null. {@code provider} is
 * {@code provider.id}; {@code gitRepository} is {@link RepositoryKey#fromUrl} of {@code repository}.
 * {@code creator} and {@code pull_request} become plain maps whose integers are {@link Long} (BigDecimal
 * when too large) and other numbers {@link BigDecimal}.
 *
 * <p>Writing produces Buildkite-shaped objects holding the fields the records carry (for snapshots and the
 * simulator); reading what was written gives the same records back.
 */
public final class BuildkiteJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
      .configure(SerializationFeature.INDENT_OUTPUT, true);

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter UTC_STYLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private BuildkiteJson() {}

  /** The shared, configured mapper (thread-safe). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  // ---------------------------------------------------------------- reading

  /** Parses a JSON document; {@link JsonProcessingException} (an IOException) when it is not JSON. */
  public static JsonNode parse(byte[] body) throws IOException {
    JsonNode node = MAPPER.readTree(body);
    if (node == null || node.isMissingNode()) {
      throw new JsonProcessingException("empty document") {};
    }
    return node;
  }

  /** A JSON array of pipeline objects; throws IOException when the body is not an array of objects. */
  public static List<Pipeline> pipelines(JsonNode array) throws IOException {
    List<Pipeline> out = new ArrayList<>();
    for (JsonNode n : requireArrayOfObjects(array)) {
      out.add(pipeline(n));
    }
    return out;
  }

  /** A JSON array of build objects; throws IOException when the body is not an array of objects. */
  public static List<Build> builds(JsonNode array) throws IOException {
    List<Build> out = new ArrayList<>();
    for (JsonNode n : requireArrayOfObjects(array)) {
      out.add(build(n));
    }
    return out;
  }

  /** The elements of a JSON array of objects, or an IOException describing what was found instead. */
  public static List<JsonNode> requireArrayOfObjects(JsonNode node) throws IOException {
    if (node == null || !node.isArray()) {
      throw new JsonProcessingException("expected a JSON array, got " + kind(node)) {};
    }
    List<JsonNode> out = new ArrayList<>(node.size());
    int i = 0;
    for (JsonNode n : node) {
      if (!n.isObject()) {
        throw new JsonProcessingException("element " + i + " is " + kind(n) + ", not an object") {};
      }
      out.add(n);
      i++;
    }
    return out;
  }

  public static Pipeline pipeline(JsonNode n) {
    String repository = text(n, "repository");
    JsonNode provider = n.get("provider");
    String providerId = provider != null && provider.isObject() ? text(provider, "id") : text(n, "provider");
    return new Pipeline(
        text(n, "id"),
        text(n, "graphql_id"),
        text(n, "slug"),
        text(n, "name"),
        text(n, "description"),
        repository,
        RepositoryKey.fromUrl(repository),
        stringList(n.get("tags")),
        text(n, "default_branch"),
        text(n, "web_url"),
        text(n, "url"),
        instant(text(n, "created_at")),
        providerId);
  }

  /**
   * A record whose fields have the wrong type or form: reading it silently (number "seven" as 0, a list as
   * the state, an unreadable created_at dropping the build from every window) would let rules pass or fail on
   * data that is not there. The message names the record and the field.
   */
  public static final class MalformedRecord extends RuntimeException {
    public MalformedRecord(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A build. Strict where rules depend on it: {@code number} must be an integer, {@code state} a string and
   * {@code created_at} a readable timestamp, else a {@link MalformedRecord} naming the build.
   */
  public static Build build(JsonNode n) {
    JsonNode p = n.get("pipeline");
    String who = "build " + describeRecord(n);
    JsonNode number = n.get("number");
    if (number != null && !number.isNull() && !(number.isIntegralNumber() && number.canConvertToLong())) {
      throw new MalformedRecord(who + ": 'number' is " + shown(number) + ", not an integer");
    }
    JsonNode state = n.get("state");
    if (state != null && !state.isNull() && !state.isTextual()) {
      throw new MalformedRecord(who + ": 'state' is " + shown(state) + ", not a string");
    }
    String created = text(n, "created_at");
    if (instant(created) == null) {
      throw new MalformedRecord(who + ": 'created_at' is " + (created == null ? "missing or null" : shown(n.get("created_at")))
          + ", not an ISO-8601 timestamp; without it the build belongs to no window");
    }
    return new Build(
        text(n, "id"),
        text(n, "graphql_id"),
        n.path("number").asLong(0),
        text(n, "state"),
        n.path("blocked").asBoolean(false),
        text(n, "branch"),
        text(n, "commit"),
        text(n, "message"),
        text(n, "source"),
        instant(text(n, "created_at")),
        instant(text(n, "scheduled_at")),
        instant(text(n, "started_at")),
        instant(text(n, "finished_at")),
        text(n, "web_url"),
        text(n, "url"),
        objectMap(n.get("creator")),
        objectMap(n.get("pull_request")),
        p != null && p.isObject() ? pipeline(p) : null);
  }

  /**
   * A Buildkite timestamp: ISO-8601 with an offset or {@code Z} (any fraction), or
   * {@code YYYY-MM-DD HH:MM:SS UTC}; null for null, blank or unparseable text.
   */
  public static Instant instant(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.trim();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // fall through
    }
    if (t.endsWith(" UTC") || t.endsWith(" GMT") || t.endsWith(" Z")) {
      String local = t.substring(0, t.lastIndexOf(' '));
      try {
        return LocalDateTime.parse(local, UTC_STYLE).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /** A JSON value as a plain Java value: Map, List, String, Long, BigDecimal, Boolean or null. */
  public static Object plain(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), plain(e.getValue()));
      }
      return Collections.unmodifiableMap(m);
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>(n.size());
      for (JsonNode e : n) {
        l.add(plain(e));
      }
      return Collections.unmodifiableList(l);
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : new BigDecimal(n.bigIntegerValue());
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.asText();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectMap(JsonNode n) {
    return n != null && n.isObject() ? (Map<String, Object>) plain(n) : null;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    return v.asText();
  }

  private static List<String> stringList(JsonNode n) {
    if (n == null || !n.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      if (!e.isNull() && !e.isContainerNode()) {
        out.add(e.asText());
      }
    }
    return out;
  }

  private static String describeRecord(JsonNode n) {
    JsonNode id = n.get("id");
    JsonNode number = n.get("number");
    JsonNode slug = n.path("pipeline").get("slug");
    StringBuilder sb = new StringBuilder();
    if (slug != null && slug.isTextual()) {
      sb.append(clip(slug.asText())).append(' ');
    }
    if (number != null && number.isIntegralNumber()) {
      sb.append('#').append(number.asText()).append(' ');
    }
    sb.append("(id ").append(id == null || id.isNull() ? "none" : clip(id.asText())).append(')');
    return sb.toString();
  }

  private static String shown(JsonNode v) {
    return v.isTextual() ? "\"" + clip(v.asText()) + "\"" : clip(v.toString());
  }

  private static String clip(String s) {
    String t = s.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 60 ? t.substring(0, 60) + "..." : t;
  }

  private static String kind(JsonNode n) {
    return n == null ? "nothing" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  // ---------------------------------------------------------------- writing

  /** {@code 2025-02-13T23:20:01.120Z}, or null. */
  public static String format(Instant t) {
    return t == null ? null : ISO_MILLIS.format(t);
  }

  public static ObjectNode toJson(Pipeline p) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", p.id());
    o.put("graphql_id", p.graphqlId());
    o.put("url", p.url());
    o.put("web_url", p.webUrl());
    o.put("name", p.name());
    o.put("description", p.description());
    o.put("slug", p.slug());
    o.put("repository", p.repository());
    o.put("default_branch", p.defaultBranch());
    ObjectNode provider = o.putObject("provider");
    provider.put("id", p.provider());
    provider.put("webhook_url", "");
    ArrayNode tags = o.putArray("tags");
    p.tags().forEach(tags::add);
    o.put("created_at", format(p.createdAt()));
    return o;
  }

  public static ObjectNode toJson(Build b) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", b.id());
    o.put("graphql_id", b.graphqlId());
    o.put("url", b.url());
    o.put("web_url", b.webUrl());
    o.put("number", b.number());
    o.put("state", b.state());
    o.put("blocked", b.blocked());
    o.put("message", b.message());
    o.put("commit", b.commit());
    o.put("branch", b.branch());
    o.put("source", b.source());
    o.set("creator", MAPPER.valueToTree(b.creator()));
    o.put("created_at", format(b.createdAt()));
    o.put("scheduled_at", format(b.scheduledAt()));
    o.put("started_at", format(b.startedAt()));
    o.put("finished_at", format(b.finishedAt()));
    o.set("pull_request", MAPPER.valueToTree(b.pullRequest()));
    if (b.pipeline() != null) {
      o.set("pipeline", toJson(b.pipeline()));
    }
    return o;
  }

  public static ArrayNode pipelinesToJson(List<Pipeline> pipelines) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    pipelines.forEach(p -> a.add(toJson(p)));
    return a;
  }

  public static ArrayNode buildsToJson(List<Build> builds) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    builds.forEach(b -> a.add(toJson(b)));
    return a;
  }

  /** Pretty-printed UTF-8 bytes of a JSON tree. */
  public static byte[] bytes(JsonNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree always serialises
    }
  }
}
