package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rios.testutil.ChildJvm;

/**
 * rios-beam with no runner on the class path: a missing artifact, an UnavailableException naming what to add,
 * not "Invalid Beam pipeline options" (the user gave none, or a runner Beam cannot find).
 */
class NoRunnerTest {
  /** Parses the arguments as RIOS does and prints what it threw. */
  public static final class Main {
    private Main() {}

    public static void main(String[] args) {
      try {
        RiosOptions.fromArgs(args);
        System.out.println("PARSED");
      } catch (RuntimeException e) {
        System.out.println("THREW " + e.getClass().getName() + ": " + e.getMessage());
      }
    }
  }

  @Test
  void noRunnerOnTheClassPathIsAnUnavailableException() throws Exception {
    String withoutRunners = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !new File(e).getName().startsWith("beam-runners-")).collect(Collectors.joining(File.pathSeparator));
    for (String[] args : new String[][] {{}, {"--runner=FlinkRunner"}}) {
      ChildJvm.Result r = ChildJvm.run(List.of("-cp", withoutRunners), Map.of(), Main.class.getName(), args);
      assertThat(r.output(), r.exitCode(), is(0));
      assertThat(r.output(), containsString("THREW org.rios.errors.UnavailableException: No Beam runner is on the "
          + "class path"));
    }
  }
}
