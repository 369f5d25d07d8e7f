package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepositoryKeyTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # GitHub
      git@github.com:Acme-Inc/Web-App.git                                  | acme-inc/web-app
      ssh://git@github.com/Acme-Inc/Web-App.git                            | acme-inc/web-app
      https://github.com/acme-inc/web-app.git                              | acme-inc/web-app
      https://github.com/acme-inc/web-app                                  | acme-inc/web-app
      https://github.com/acme-inc/web-app/                                 | acme-inc/web-app
      https://github.com/acme-inc/web-app/tree/main                        | acme-inc/web-app
      git@github.example.com:platform/tools.git                            | platform/tools
      # GitLab, nested groups
      git@gitlab.com:acme/backend/api.git                                  | acme/backend/api
      https://gitlab.com/acme/backend/api.git                              | acme/backend/api
      ssh://git@gitlab.example.com:2222/acme/platform/infra/deploy.git     | acme/platform/infra/deploy
      https://gitlab.com/acme/backend/api/-/tree/main                      | acme/backend/api
      # Bitbucket Cloud
      git@bitbucket.org:acme-inc/payments.git                              | acme-inc/payments
      ssh://git@bitbucket.org/acme-inc/payments.git                        | acme-inc/payments
      https://alice@bitbucket.org/acme-inc/payments.git                    | acme-inc/payments
      # Bitbucket Server / Data Center
      ssh://git@bitbucket.example.com:7999/PAY/payments.git                | pay/payments
      https://bitbucket.example.com/scm/PAY/payments.git                   | pay/payments
      https://alice:secret@bitbucket.example.com/scm/PAY/payments.git      | pay/payments
      # Azure DevOps (current)
      git@ssh.dev.azure.com:v3/acme/Platform/legacy-tool                   | acme/platform/legacy-tool
      https://dev.azure.com/acme/Platform/_git/legacy-tool                 | acme/platform/legacy-tool
      https://acme@dev.azure.com/acme/My%20Project/_git/tool               | acme/my project/tool
      https://dev.azure.com/acme/_git/tool                                 | acme/tool/tool
      # Azure DevOps (legacy visualstudio.com)
      acme@vs-ssh.visualstudio.com:v3/acme/Platform/legacy-tool            | acme/platform/legacy-tool
      https://acme.visualstudio.com/Platform/_git/legacy-tool              | acme/platform/legacy-tool
      https://acme.visualstudio.com/DefaultCollection/Platform/_git/legacy-tool | acme/platform/legacy-tool
      https://acme.visualstudio.com/_git/tool                              | acme/tool/tool
      # already a path
      acme/web-app                                                         | acme/web-app
      """)
  void normalisesEveryUrlForm(String url, String key) {
    assertThat(RepositoryKey.fromUrl(url)).isEqualTo(key);
  }

  @Test
  void urlsThatNameNoRepositoryGiveNull() {
    assertThat(RepositoryKey.fromUrl(null)).isNull();
    assertThat(RepositoryKey.fromUrl("  ")).isNull();
    assertThat(RepositoryKey.fromUrl("https://github.com/acme")).isNull();
    assertThat(RepositoryKey.fromUrl("https://dev.azure.com/acme/Platform")).isNull();
    assertThat(RepositoryKey.fromUrl("git@ssh.dev.azure.com:v3/acme/Platform")).isNull();
  }

  @Test
  void entityRepositoriesUseTheSameKeys() {
    assertThat(RepositoryKey.fromEntity("github", "Acme-Inc/Web-App")).isEqualTo("acme-inc/web-app");
    assertThat(RepositoryKey.fromEntity("gitlab", "acme/backend/api")).isEqualTo("acme/backend/api");
    assertThat(RepositoryKey.fromEntity("github", "git@github.com:acme-inc/web-app.git")).isEqualTo("acme-inc/web-app");
    assertThat(RepositoryKey.fromEntity("azure", "Platform/legacy-tool")).isEqualTo("platform/legacy-tool");
    assertThat(RepositoryKey.fromEntity("github", " ")).isNull();
  }

  @Test
  void sameRepositoryComparesKeysAndAcceptsAzureWithoutOrganization() {
    String pipeline = RepositoryKey.fromUrl("https://dev.azure.com/acme/Platform/_git/legacy-tool");
    assertThat(RepositoryKey.sameRepository("acme/platform/legacy-tool", pipeline)).isTrue();
    assertThat(RepositoryKey.sameRepository("platform/legacy-tool", pipeline)).isTrue();
    assertThat(RepositoryKey.sameRepository("other/legacy-tool", pipeline)).isFalse();
    assertThat(RepositoryKey.sameRepository("acme-inc/web-app", "acme-inc/web-app")).isTrue();
    // a two-part key never matches a longer GitLab path by suffix
    assertThat(RepositoryKey.sameRepository("backend/api", "acme/backend/api-legacy")).isFalse();
    assertThat(RepositoryKey.sameRepository("acme-inc/web-app", "acme-inc/web-app-legacy")).isFalse();
    assertThat(RepositoryKey.sameRepository(null, "a/b")).isFalse();
  }
}
