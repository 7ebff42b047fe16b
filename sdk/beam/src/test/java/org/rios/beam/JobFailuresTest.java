package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.rios.errors.ImageOpenException;
import org.rios.errors.WorkerException;

/** A failed job's message: one line naming the job and the failure's own message, never a stack trace. */
class JobFailuresTest {
  @Test
  void aWorkersFailureIsShownByItsCauseWithoutAStackTrace() {
    ImageOpenException cause = new ImageOpenException("Could not create output 'out' (/x/out.tif) with driver HFA");
    WorkerException local = new WorkerException("main", 0, "org.rios.errors.ImageOpenException: Could not create"
        + "\n\tat org.rios.io.OutputFile.create(OutputFile.java:100)\n", cause);
    assertThat(JobFailures.message("j", local), is("Job 'j': " + cause.getMessage()));
    WorkerException remote = new WorkerException("compute", 1, "java.lang.IllegalStateException: boom"
        + "\n\tat Fn.apply(Fn.java:3)\n", null);
    String m = JobFailures.message("j", remote);
    assertThat(m, is("Job 'j': Error in compute worker 1\njava.lang.IllegalStateException: boom"));
    assertThat(m, not(containsString("\tat ")));
  }
}
