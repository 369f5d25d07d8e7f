package dev.cql.cli;

import dev.cql.buildkite.PageStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr for the pages of a sync, when stderr is a terminal; nothing otherwise. */
final class SyncProgress implements PageStream.Progress {

  private final String task;
  private ProgressBar bar;

  private SyncProgress(String task) {
    this.task = task;
  }

  /** A bar when the process runs on a terminal, else no output at all. */
  static PageStream.Progress forTerminal(String task) {
    return Progress.terminal() ? new SyncProgress(task) : (done, total) -> { };
  }

  @Override
  public synchronized void pages(long done, long total) {
    if (bar == null || done == 1) {
      if (bar != null) {
        bar.close();
      }
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(total, done)).setUnit(" pages", 1)
          .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
    if (total > 0) {
      bar.maxHint(total);
    }
    bar.stepTo(done);
    if (total > 0 && done >= total) {
      bar.close();
      bar = null;
    }
  }
}
