package dev.cql.lang;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" suggestions by edit distance. */
public final class Suggest {

  private Suggest() {}

  /** {@code "; did you mean 'x'?"} for the closest candidate within a small distance, else "". */
  public static String didYouMean(String name, Collection<String> candidates) {
    String best = closest(name, candidates);
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  public static String closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(lower, c.toLowerCase(Locale.ROOT));
      // On a tie the candidate closest in length wins: 'statse' is 'states' misspelt, not 'state'.
      if (d < bestDistance || (d == bestDistance && best != null && d != Integer.MAX_VALUE
          && Math.abs(c.length() - name.length()) < Math.abs(best.length() - name.length()))) {
        bestDistance = d;
        best = c;
      }
    }
    int allowed = Math.max(1, Math.min(3, name.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  /** Optimal string alignment distance (Levenshtein with transpositions). */
  static int distance(String a, String b) {
    if (a.length() > 64 || b.length() > 64) {
      return a.equals(b) ? 0 : Integer.MAX_VALUE;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
