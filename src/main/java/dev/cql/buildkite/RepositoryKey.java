package dev.cql.buildkite;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One key per source repository, so that a Buildkite pipeline's repository URL and an entity's
 * {@code x-cortex-git} block can be compared: {@code owner/repo} in lower case (GitLab keeps nested groups,
 * {@code group/sub/repo}; Azure DevOps keeps {@code org/project/repo}).
 *
 * <p>Accepted URL forms: https and ssh ({@code git@host:path}, {@code ssh://git@host[:port]/path}) for
 * GitHub, GitLab (nested groups), Bitbucket Cloud, Bitbucket Server ({@code /scm/} and ssh on port 7999),
 * Azure DevOps ({@code dev.azure.com/org/project/_git/repo}, {@code ssh.dev.azure.com:v3/org/project/repo})
 * and its legacy {@code org.visualstudio.com} forms.
 */
public final class RepositoryKey {

  private RepositoryKey() {}

  // scheme://[user[:pw]@]host[:port]/path   or   [user@]host:path (scp-like ssh)
  private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]*@)?([^/:]+)(?::\\d+)?/(.*)$");
  private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^/:]+):(.*)$");

  /** Normalises a pipeline repository URL to its key, or null when it names no repository. */
  public static String fromUrl(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String s = url.trim();
    String host;
    String path;
    Matcher m = URL.matcher(s);
    if (m.matches()) {
      host = m.group(1);
      path = m.group(2);
    } else if ((m = SCP.matcher(s)).matches()) {
      host = m.group(1);
      path = m.group(2);
    } else {
      host = "";
      path = s; // already a path such as owner/repo
    }
    host = host.toLowerCase(Locale.ROOT);
    path = trimPath(path);
    int webPart = path.indexOf("/-/");
    if (webPart >= 0) {
      path = path.substring(0, webPart); // a GitLab web URL (group/project/-/tree/main)
    }
    String[] parts = path.isEmpty() ? new String[0] : path.split("/+");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = percentDecode(parts[i]); // Azure project names such as My%20Project
    }
    String key;
    if (host.endsWith("visualstudio.com") && !host.startsWith("vs-ssh.")) {
      // https://org.visualstudio.com/[DefaultCollection/]project/_git/repo
      String org = host.substring(0, host.indexOf('.'));
      key = azure(org, parts);
    } else if (host.equals("dev.azure.com")) {
      key = azure(null, parts); // https://dev.azure.com/org/project/_git/repo
    } else if (host.equals("ssh.dev.azure.com") || host.startsWith("vs-ssh.")) {
      key = parts.length == 4 && parts[0].equalsIgnoreCase("v3") ? join(parts, 1) : null; // v3/org/project/repo
    } else if (parts.length >= 3 && parts[0].equalsIgnoreCase("scm")) {
      key = join(parts, 1); // Bitbucket Server https: /scm/PROJ/repo
    } else if ((host.equals("github.com") || host.equals("bitbucket.org")) && parts.length > 2) {
      key = parts[0] + "/" + parts[1]; // owner/repo, then a web path such as /tree/main
    } else {
      key = parts.length >= 2 ? join(parts, 0) : null;
    }
    return key == null ? null : key.toLowerCase(Locale.ROOT);
  }

  /**
   * The key of an entity's repository as written in {@code x-cortex-git}: {@code provider} is github,
   * gitlab, bitbucket or azure; {@code repository} is {@code owner/repo} (a URL is accepted too). For
   * Azure, pass {@code project/repo} or {@code org/project/repo}.
   */
  public static String fromEntity(String provider, String repository) {
    if (repository == null || repository.isBlank()) {
      return null;
    }
    String r = repository.trim();
    if (r.contains("://") || r.contains("@")) {
      return fromUrl(r);
    }
    String path = trimPath(r);
    return path.isEmpty() ? null : path.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether an entity's key and a pipeline's key name the same repository. Equal keys match; an Azure
   * entity key without its organization ({@code project/repo}) matches a pipeline key on its last two parts.
   */
  public static boolean sameRepository(String entityKey, String pipelineKey) {
    if (entityKey == null || pipelineKey == null) {
      return false;
    }
    if (entityKey.equals(pipelineKey)) {
      return true;
    }
    return pipelineKey.endsWith("/" + entityKey) && segments(pipelineKey) == 3 && segments(entityKey) == 2;
  }

  private static String azure(String org, String[] parts) {
    // [org/][DefaultCollection/][project/]_git/repo; without a project, the project is named like the repo
    int git = -1;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("_git")) {
        git = i;
        break;
      }
    }
    if (git < 0 || git + 1 >= parts.length) {
      return null;
    }
    String repo = parts[git + 1];
    int first = 0;
    if (org == null) {
      if (git < 1) {
        return null;
      }
      org = parts[0];
      first = 1;
    }
    if (first < git && parts[first].equalsIgnoreCase("DefaultCollection")) {
      first++;
    }
    String project = first < git ? parts[git - 1] : repo;
    return org + "/" + project + "/" + repo;
  }

  private static String percentDecode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  private static String trimPath(String path) {
    String p = path;
    int q = p.indexOf('?');
    if (q >= 0) {
      p = p.substring(0, q);
    }
    p = p.replaceAll("^/+", "").replaceAll("/+$", "");
    if (p.endsWith(".git")) {
      p = p.substring(0, p.length() - 4);
    }
    return p.replaceAll("/+$", "");
  }

  private static String join(String[] parts, int from) {
    return String.join("/", java.util.Arrays.copyOfRange(parts, from, parts.length));
  }

  private static int segments(String key) {
    return key.split("/").length;
  }
}
