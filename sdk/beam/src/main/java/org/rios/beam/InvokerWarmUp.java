package org.rios.beam;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;

/**
 * Makes the DoFn invokers of RIOS's steps while the pipeline is still being built and translated, where its
 * workers run in this JVM. Beam generates an invoker class for each DoFn class (with ByteBuddy, whose own
 * start takes about half a second, then some tens of milliseconds per class) the first time a step runs it,
 * one step after another on the runner's critical path, while building and translating the pipeline use one
 * core. Beam keeps the classes it made in a cache of this JVM, which the DirectRunner's and Flink
 * {@code [local]}'s workers take them from. On a cluster the workers make their own and nothing is done here.
 * Nothing here changes what runs: an invoker that cannot be made here is left to the runner, which reports
 * what is wrong.
 */
final class InvokerWarmUp {
  /** One daemon thread, started when there is work and gone a second after the last. */
  private static final ThreadPoolExecutor MAKER = maker();

  private InvokerWarmUp() {}

  /** Makes the invokers of {@code fns} on a thread of their own, if {@code options}' workers are in this JVM. */
  static void start(PipelineOptions options, List<? extends DoFn<?, ?>> fns) {
    if (!options.as(RiosPipelineOptions.class).getWritersInProcess()) {
      return;
    }
    for (DoFn<?, ?> fn : fns) {
      MAKER.execute(() -> make(fn));
    }
  }

  private static void make(DoFn<?, ?> fn) {
    try {
      DoFnInvokers.invokerFor(fn);
    } catch (RuntimeException | LinkageError e) {
      // the runner makes it again when the step first runs, and reports what is wrong there
    }
  }

  private static ThreadPoolExecutor maker() {
    ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "rios-beam-invokers");
      t.setDaemon(true);
      return t;
    });
    e.allowCoreThreadTimeOut(true);
    return e;
  }
}
