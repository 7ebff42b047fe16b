package org.rios.lifecycle;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.rios.testutil.PipelineClassLoader;

/**
 * The JVM shutdown hook is installed only while a registration is live, so a class loader the library came
 * from (a Flink pipeline's) can be collected once its runs are over.
 */
class ShutdownCleanupTest {
  @Test
  void theHookIsInstalledOnlyWhileARegistrationIsLive() {
    ShutdownCleanup.Registration a = ShutdownCleanup.register("a", () -> { });
    ShutdownCleanup.Registration b = ShutdownCleanup.register("b", () -> { });
    assertThat(ShutdownCleanup.hookInstalled(), is(true));
    a.close();
    assertThat("b is still live", ShutdownCleanup.hookInstalled(), is(true));
    a.close();
    assertThat("closing twice changes nothing", ShutdownCleanup.hookInstalled(), is(true));
    b.close();
    assertThat(ShutdownCleanup.hookInstalled(), is(false));
    ShutdownCleanup.register("c", () -> { }).close();
    assertThat(ShutdownCleanup.hookInstalled(), is(false));
  }

  /** Registers and closes a clean-up action: what every run of the library does. */
  public static final class RegisterAndClose implements Runnable {
    @Override
    public void run() {
      ShutdownCleanup.register("a run's temp dir", () -> { }).close();
    }
  }

  @Test
  void aPipelinesClassLoaderIsCollectedOnceItsRunsAreOver() throws Throwable {
    WeakReference<ClassLoader> loader = PipelineClassLoader.runIn(RegisterAndClose.class.getName());
    assertThat("the loader is collected", PipelineClassLoader.collectedWithin(loader, 20), is(true));
  }
}
