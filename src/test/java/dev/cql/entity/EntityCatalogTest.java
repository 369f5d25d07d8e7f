package dev.cql.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityCatalogTest {

  @TempDir Path dir;

  private void write(String name, String yaml) throws IOException {
    Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void loadsADirectoryOrderedByTagAndSkipsBadFiles() throws IOException {
    write("b.yaml", "info: {title: Zeta, x-cortex-tag: zeta}\n");
    write("a.yml", "info: {title: Alpha, x-cortex-tag: alpha}\n");
    write("broken.yaml", "info:\n  title: Broken\n  x-cortex-tag: [oops\n");
    write("notes.txt", "not a descriptor");
    write("notag.yaml", "info:\n  title: No tag\n");
    EntityCatalog c = EntityCatalog.load(dir);
    assertThat(c.tags()).containsExactly("alpha", "zeta");
    assertThat(c.all()).extracting(Entity::name).containsExactly("Alpha", "Zeta");
    assertThat(c.get("alpha")).get().extracting(Entity::source).isEqualTo(dir.resolve("a.yml").toString());
    assertThat(c.get("nope")).isEmpty();
    assertThat(c.hasErrors()).isTrue();
    assertThat(c.problems()).hasSize(2);
    assertThat(c.problems().get(0).file()).endsWith("broken.yaml");
    assertThat(c.problems().get(0).line()).isPositive();
    assertThat(c.problems().get(1).file()).endsWith("notag.yaml");
    assertThat(c.problems().get(1).line()).isEqualTo(2);
  }

  @Test
  void duplicateTagNamesBothFilesAndKeepsTheFirst() throws IOException {
    write("a.yaml", "info: {title: First, x-cortex-tag: payments-api}\n");
    write("b.yaml", "info:\n  title: Second\n  x-cortex-tag: payments-api\n");
    EntityCatalog c = EntityCatalog.load(dir);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.get("payments-api")).get().extracting(Entity::name).isEqualTo("First");
    assertThat(c.hasErrors()).isTrue();
    CatalogProblem p = c.problems().get(0);
    assertThat(p.file()).endsWith("b.yaml");
    assertThat(p.message()).contains("payments-api").contains(dir.resolve("a.yaml").toString())
        .contains(dir.resolve("b.yaml").toString());
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.column()).isEqualTo(17); // the tag's value
  }

  @Test
  void warningsDoNotMakeErrors() throws IOException {
    write("a.yaml", "info: {x-cortex-tag: untitled}\n");
    EntityCatalog c = EntityCatalog.load(dir);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.problems()).hasSize(1);
    assertThat(c.hasErrors()).isFalse();
  }

  @Test
  void missingDirectoryThrows() {
    assertThatThrownBy(() -> EntityCatalog.load(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void emptyDirectory() throws IOException {
    EntityCatalog c = EntityCatalog.load(dir);
    assertThat(c.all()).isEmpty();
    assertThat(c.problems()).isEmpty();
  }

  @Test
  void fromResourcesReadsAnIndex() {
    EntityCatalog c = EntityCatalog.fromResources("catalog-test/index.txt");
    assertThat(c.tags()).containsExactly("one", "two");
    assertThat(c.get("one")).get().extracting(Entity::source).isEqualTo("classpath:catalog-test/one.yaml");
    assertThat(c.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("classpath:catalog-test/missing.yaml");
      assertThat(p.isError()).isTrue();
    });
    assertThatThrownBy(() -> EntityCatalog.fromResources("catalog-test/none.txt"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromSourcesAndOf() {
    Map<String, String> src = new LinkedHashMap<>();
    src.put("x.yaml", "info: {title: X, x-cortex-tag: x}");
    src.put("y.yaml", "info: {title: Y, x-cortex-tag: x}");
    EntityCatalog c = EntityCatalog.fromSources(src);
    assertThat(c.tags()).containsExactly("x");
    assertThat(c.problems()).hasSize(1);
    EntityCatalog d = EntityCatalog.of(List.of(c.get("x").orElseThrow()));
    assertThat(d.contains("x")).isTrue();
    assertThat(EntityCatalog.empty().size()).isZero();
  }
}
