package dev.cql.buildkite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which builds a {@code buildkite.builds(criteria)} call wants, in terms of the data alone: the pipelines
 * (slugs, already narrowed by the pipeline criteria and the entity's links), the creation window and the
 * build criteria. Every source answers it ({@link BuildkiteSource#builds(BuildFilter)}); in memory through
 * {@link #matches(Build)}, a store by translating the same rules into a query. Each list means "any of";
 * an empty list means no constraint.
 *
 * <ul>
 *   <li>{@code branches}: Buildkite branch patterns, {@code *} matching any run of characters;
 *   <li>{@code commits}: lower-case full SHAs or prefixes (of at least 7 characters), matched as prefixes,
 *       ignoring case;
 *   <li>{@code ids}, {@code numbers}: exact;
 *   <li>{@code messages}: the build message contains the text;
 *   <li>{@code states}: lower-case states ({@code finished} already expanded), matched ignoring case; the
 *       state {@code blocked} also matches a build whose {@code blocked} flag is set.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class BuildFilter {

  /** What {@code finished} means, as in Buildkite. */
  public static final List<String> FINISHED = List.of("passed", "failed", "blocked", "canceled");

  private final List<String> pipelines;
  private final Instant createdFrom;
  private final Instant createdTo;
  private final List<String> branches;
  private final List<Pattern> branchPatterns;
  private final List<String> commits;
  private final Set<String> ids;
  private final List<String> messages;
  private final Set<Long> numbers;
  private final Set<String> states;

  private BuildFilter(Builder b) {
    this.pipelines = List.copyOf(new LinkedHashSet<>(b.pipelines));
    this.createdFrom = b.createdFrom;
    this.createdTo = b.createdTo;
    this.branches = List.copyOf(b.branches);
    List<Pattern> patterns = new ArrayList<>();
    for (String branch : branches) {
      patterns.add(glob(branch));
    }
    this.branchPatterns = List.copyOf(patterns);
    this.commits = List.copyOf(b.commits);
    this.ids = Set.copyOf(b.ids);
    this.messages = List.copyOf(b.messages);
    this.numbers = Set.copyOf(b.numbers);
    this.states = Set.copyOf(b.states);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The pipelines whose builds are wanted (slugs, in the caller's order, without repeats). */
  public List<String> pipelines() {
    return pipelines;
  }

  /** Inclusive start of the creation window, or null for none. */
  public Instant createdFrom() {
    return createdFrom;
  }

  /** Exclusive end of the creation window, or null for none. */
  public Instant createdTo() {
    return createdTo;
  }

  public List<String> branches() {
    return branches;
  }

  public List<String> commits() {
    return commits;
  }

  public Set<String> ids() {
    return ids;
  }

  public List<String> messages() {
    return messages;
  }

  public Set<Long> numbers() {
    return numbers;
  }

  public Set<String> states() {
    return states;
  }

  /** Whether any criterion besides the pipelines and the window is set. */
  public boolean hasBuildCriteria() {
    return !branches.isEmpty() || !commits.isEmpty() || !ids.isEmpty() || !messages.isEmpty() || !numbers.isEmpty()
        || !states.isEmpty();
  }

  /** Whether a build (of one of {@link #pipelines()}, in the window) meets the build criteria. */
  public boolean matches(Build b) {
    if (!branchPatterns.isEmpty() && !anyGlob(b.branch())) {
      return false;
    }
    if (!commits.isEmpty() && !anyPrefix(b.commit())) {
      return false;
    }
    if (!ids.isEmpty() && !ids.contains(b.id())) {
      return false;
    }
    if (!messages.isEmpty() && !anyContained(b.message())) {
      return false;
    }
    if (!numbers.isEmpty() && !numbers.contains(b.number())) {
      return false;
    }
    if (!states.isEmpty()) {
      boolean stateMatches = b.state() != null && states.contains(b.state().toLowerCase(Locale.ROOT));
      if (!stateMatches && !(b.blocked() && states.contains("blocked"))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a build was created in the window. */
  public boolean inWindow(Build b) {
    Instant t = b.createdAt();
    return t != null && (createdFrom == null || !t.isBefore(createdFrom)) && (createdTo == null || t.isBefore(createdTo));
  }

  private boolean anyGlob(String branch) {
    if (branch == null) {
      return false;
    }
    for (Pattern p : branchPatterns) {
      if (p.matcher(branch).matches()) {
        return true;
      }
    }
    return false;
  }

  private boolean anyPrefix(String commit) {
    if (commit == null) {
      return false;
    }
    String c = commit.toLowerCase(Locale.ROOT);
    for (String prefix : commits) {
      if (c.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private boolean anyContained(String message) {
    if (message == null) {
      return false;
    }
    for (String text : messages) {
      if (message.contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** A Buildkite branch pattern as a regular expression: {@code *} matches any run of characters. */
  public static Pattern glob(String branch) {
    String[] parts = branch.split("\\*", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      if (!parts[i].isEmpty()) {
        re.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("BuildFilter[pipelines=").append(pipelines);
    sb.append(", created=[").append(createdFrom).append(", ").append(createdTo).append(')');
    if (!branches.isEmpty()) {
      sb.append(", branches=").append(branches);
    }
    if (!commits.isEmpty()) {
      sb.append(", commits=").append(commits);
    }
    if (!ids.isEmpty()) {
      sb.append(", ids=").append(ids);
    }
    if (!messages.isEmpty()) {
      sb.append(", messages=").append(messages);
    }
    if (!numbers.isEmpty()) {
      sb.append(", numbers=").append(numbers);
    }
    if (!states.isEmpty()) {
      sb.append(", states=").append(states);
    }
    return sb.append(']').toString();
  }

  /** Collects a filter; every method returns this. */
  public static final class Builder {
    private final List<String> pipelines = new ArrayList<>();
    private Instant createdFrom;
    private Instant createdTo;
    private final List<String> branches = new ArrayList<>();
    private final List<String> commits = new ArrayList<>();
    private final Set<String> ids = new LinkedHashSet<>();
    private final List<String> messages = new ArrayList<>();
    private final Set<Long> numbers = new LinkedHashSet<>();
    private final Set<String> states = new LinkedHashSet<>();

    private Builder() {}

    /** A builder with this filter's build criteria, and no pipelines or window. */
    public static Builder criteriaOf(BuildFilter f) {
      Builder b = new Builder();
      b.branches.addAll(f.branches);
      b.commits.addAll(f.commits);
      b.ids.addAll(f.ids);
      b.messages.addAll(f.messages);
      b.numbers.addAll(f.numbers);
      b.states.addAll(f.states);
      return b;
    }

    public Builder pipelines(Collection<String> slugs) {
      pipelines.addAll(slugs);
      return this;
    }

    public Builder createdFrom(Instant t) {
      this.createdFrom = t;
      return this;
    }

    public Builder createdTo(Instant t) {
      this.createdTo = t;
      return this;
    }

    public Builder branches(Collection<String> patterns) {
      branches.addAll(patterns);
      return this;
    }

    /** Full SHAs or prefixes of at least 7 characters (the caller checks the length); kept in lower case. */
    public Builder commits(Collection<String> prefixes) {
      for (String c : prefixes) {
        commits.add(c.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    public Builder ids(Collection<String> values) {
      ids.addAll(values);
      return this;
    }

    public Builder messages(Collection<String> texts) {
      messages.addAll(texts);
      return this;
    }

    public Builder numbers(Collection<Long> values) {
      numbers.addAll(values);
      return this;
    }

    /** States in any case; {@code finished} stands for {@link #FINISHED}. */
    public Builder states(Collection<String> values) {
      for (String s : values) {
        String st = s.toLowerCase(Locale.ROOT);
        if (st.equals("finished")) {
          states.addAll(FINISHED);
        } else {
          states.add(st);
        }
      }
      return this;
    }

    public BuildFilter build() {
      return new BuildFilter(this);
    }
  }
}
