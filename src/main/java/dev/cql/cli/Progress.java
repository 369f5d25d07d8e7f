package dev.cql.cli;

import dev.cql.session.CatalogQuery;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr for work over many entities, shown on a terminal once the work takes over a second. */
final class Progress {

  private Progress() {}

  /** How long work runs before the bar appears. */
  static final long DELAY_MS = 1000;

  /** Whether the process talks to a terminal (Java 22+ has a console even when redirected; isTerminal() tells). */
  static boolean terminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17-21: a console means a terminal
    }
  }

  /**
   * Runs {@code work}, which reports each finished entity to the listener it is given; on a terminal, a bar
   * shows how many of {@code total} are done once it has taken longer than {@link #DELAY_MS}.
   */
  static <R, T> R run(int total, Function<CatalogQuery.Listener<T>, R> work) {
    AtomicInteger done = new AtomicInteger();
    CatalogQuery.Listener<T> listener = (r, n, t) -> done.accumulateAndGet(n, Math::max);
    if (!terminal() || total < 2) {
      return work.apply(listener);
    }
    CompletableFuture<R> f = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        f.complete(work.apply(listener));
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    }, "cql-eval");
    worker.setDaemon(true);
    worker.start();
    try {
      try {
        return f.get(DELAY_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException slow) {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Evaluating").setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setUnit(" entities", 1).continuousUpdate().build()) {
          while (true) {
            try {
              R r = f.get(100, TimeUnit.MILLISECONDS);
              bar.stepTo(total);
              return r;
            } catch (TimeoutException stillRunning) {
              bar.stepTo(done.get());
            }
          }
        }
      }
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error er) {
        throw er;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
