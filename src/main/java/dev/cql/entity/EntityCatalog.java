package dev.cql.entity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The entities of a catalog, by tag. Loading never stops at a bad descriptor: it is reported in
 * {@link #problems()} (with file, line and column) and skipped, and the rest still loads. A second descriptor
 * with a tag already seen is an error naming both files; the first one (in load order: file name order for a
 * directory, index order for resources) is kept.
 */
public final class EntityCatalog {

  private final Map<String, Entity> byTag; // sorted by tag
  private final List<CatalogProblem> problems;

  private EntityCatalog(Map<String, Entity> byTag, List<CatalogProblem> problems) {
    this.byTag = Collections.unmodifiableMap(new TreeMap<>(byTag));
    this.problems = List.copyOf(problems);
  }

  public static EntityCatalog empty() {
    return new EntityCatalog(Map.of(), List.of());
  }

  /** A catalog of ready-made entities (tests, programmatic use). Duplicate tags are reported as problems. */
  public static EntityCatalog of(Collection<Entity> entities) {
    Builder b = new Builder();
    entities.forEach(b::add);
    return b.build();
  }

  /**
   * Loads every {@code *.yaml} and {@code *.yml} file directly in {@code dir}, in file name order.
   *
   * @throws IOException when the directory itself cannot be listed (a missing directory included); a file
   *     that cannot be read is a problem, not an exception
   */
  public static EntityCatalog load(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if ((n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".") && Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    }
    files.sort(Path::compareTo);
    Builder b = new Builder();
    for (Path f : files) {
      try {
        b.add(DescriptorParser.parse(f.toString(), dev.cql.io.TextFiles.readYaml(f)));
      } catch (dev.cql.io.TextFiles.BadFile e) {
        b.problem(new CatalogProblem(CatalogProblem.Severity.ERROR, f.toString(), e.line(), e.column(), e.getMessage()));
      } catch (IOException | UncheckedIOException e) {
        b.problem(new CatalogProblem(CatalogProblem.Severity.ERROR, f.toString(), 0, 0, "cannot read: " + e.getMessage()));
      }
    }
    return b.build();
  }

  /** {@link #fromResources(ClassLoader, String)} with this class's class loader. */
  public static EntityCatalog fromResources(String indexResource) {
    return fromResources(EntityCatalog.class.getClassLoader(), indexResource);
  }

  /**
   * Loads descriptors bundled as class path resources. {@code indexResource} (e.g. {@code demo/entities/index.txt})
   * lists one descriptor a line, relative to the index's folder; blank lines and lines starting with {@code #} are
   * skipped. Sources are named {@code classpath:demo/entities/payments-api.yaml}.
   *
   * @throws IllegalArgumentException when the index is missing (a packaging error); a missing listed descriptor
   *     is a problem
   */
  public static EntityCatalog fromResources(ClassLoader loader, String indexResource) {
    String folder = indexResource.contains("/") ? indexResource.substring(0, indexResource.lastIndexOf('/') + 1) : "";
    List<String> names = new ArrayList<>();
    try (InputStream in = loader.getResourceAsStream(indexResource)) {
      if (in == null) {
        throw new IllegalArgumentException("no class path resource " + indexResource);
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          line = line.strip();
          if (!line.isEmpty() && !line.startsWith("#")) {
            names.add(folder + line);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class path resource " + indexResource, e);
    }
    Builder b = new Builder();
    for (String name : names) {
      String source = "classpath:" + name;
      try (InputStream in = loader.getResourceAsStream(name)) {
        if (in == null) {
          b.problem(new CatalogProblem(CatalogProblem.Severity.ERROR, source, 0, 0,
              "listed in " + indexResource + " but not on the class path"));
          continue;
        }
        b.add(DescriptorParser.parse(source, new InputStreamReader(in, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        b.problem(new CatalogProblem(CatalogProblem.Severity.ERROR, source, 0, 0, "cannot read: " + e.getMessage()));
      }
    }
    return b.build();
  }

  /** Parses descriptors given as text, keyed by source name, in the map's order. */
  public static EntityCatalog fromSources(Map<String, String> descriptors) {
    Builder b = new Builder();
    descriptors.forEach((source, yaml) -> b.add(DescriptorParser.parse(source, yaml)));
    return b.build();
  }

  /** The entity with this tag (exact match). */
  public Optional<Entity> get(String tag) {
    return Optional.ofNullable(tag == null ? null : byTag.get(tag));
  }

  public boolean contains(String tag) {
    return tag != null && byTag.containsKey(tag);
  }

  /** Every entity, ordered by tag. */
  public List<Entity> all() {
    return List.copyOf(byTag.values());
  }

  /** Every tag, in order. */
  public List<String> tags() {
    return List.copyOf(byTag.keySet());
  }

  public int size() {
    return byTag.size();
  }

  /** Errors and warnings, in load order. */
  public List<CatalogProblem> problems() {
    return problems;
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(CatalogProblem::isError);
  }

  private static final class Builder {
    final Map<String, Entity> byTag = new LinkedHashMap<>();
    final List<CatalogProblem> problems = new ArrayList<>();

    void problem(CatalogProblem p) {
      problems.add(p);
    }

    void add(DescriptorParser.Result r) {
      problems.addAll(r.problems());
      if (r.entity() != null) {
        add(r.entity(), r.tagLine(), r.tagColumn());
      }
    }

    void add(Entity e) {
      add(e, 0, 0);
    }

    void add(Entity e, int line, int column) {
      Entity first = byTag.get(e.tag());
      if (first == null) {
        byTag.put(e.tag(), e);
        return;
      }
      problems.add(new CatalogProblem(CatalogProblem.Severity.ERROR, e.source(), line, column,
          "duplicate x-cortex-tag `" + e.tag() + "`: already defined in " + first.source() + "; "
              + e.source() + " is skipped"));
    }

    EntityCatalog build() {
      return new EntityCatalog(byTag, problems);
    }
  }
}
