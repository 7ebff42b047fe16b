package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.junit.jupiter.api.Test;

/**
 * The invokers of RIOS's steps are made ahead of the run only where the workers are in this JVM, one after
 * another on one thread, and a DoFn Beam cannot make one for does not stop the others. Each DoFn class here
 * is used by this test alone: whether its invoker class exists says whether one was made.
 */
class InvokerWarmUpTest {
  static final class ForLocalWorkers extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String s, OutputReceiver<String> out) {
      out.output(s);
    }
  }

  static final class ForClusterWorkers extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String s, OutputReceiver<String> out) {
      out.output(s);
    }
  }

  /** No @ProcessElement: Beam refuses to make its invoker. */
  static final class Invalid extends DoFn<String, String> {}

  static final class AfterInvalid extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String s, OutputReceiver<String> out) {
      out.output(s);
    }
  }

  @Test
  void invokersAreMadeAheadOnlyForWorkersInThisJvm() throws Exception {
    RiosPipelineOptions cluster = PipelineOptionsFactory.create().as(RiosPipelineOptions.class);
    RiosPipelineOptions local = PipelineOptionsFactory.create().as(RiosPipelineOptions.class);
    local.setWritersInProcess(true);
    assertThat(invokerMade(ForClusterWorkers.class), is(false));
    assertThat(invokerMade(ForLocalWorkers.class), is(false));

    // a DoFn Beam refuses is left to the runner: nothing reaches the thread's uncaught-exception handler
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    try {
      InvokerWarmUp.start(cluster, List.of(new ForClusterWorkers()));
      InvokerWarmUp.start(local, List.of(new Invalid(), new ForLocalWorkers(), new AfterInvalid()));
      // one thread, in order: once the last is made, the earlier ones have been tried
      waitForInvoker(AfterInvalid.class);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    assertThat(uncaught, is(empty()));
    assertThat(invokerMade(ForLocalWorkers.class), is(true));
    assertThat(invokerMade(Invalid.class), is(false));
    assertThat("the cluster run's workers make their own", invokerMade(ForClusterWorkers.class), is(false));
  }

  private static void waitForInvoker(Class<?> fnClass) throws InterruptedException {
    long end = System.nanoTime() + 60_000_000_000L;
    while (!invokerMade(fnClass)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no invoker was made for " + fnClass.getName() + " within 60 s");
      }
      Thread.sleep(20);
    }
  }

  /** Beam names the invoker class of a DoFn class after it (its stable naming), in the DoFn's class loader. */
  private static boolean invokerMade(Class<?> fnClass) {
    try {
      Class.forName(fnClass.getName() + "$DoFnInvoker", false, fnClass.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
