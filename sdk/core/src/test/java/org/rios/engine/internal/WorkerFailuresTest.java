package org.rios.engine.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rios.errors.ErrorText;
import org.rios.errors.FileOpenException;
import org.rios.errors.RiosTimeoutException;
import org.rios.errors.WorkerException;

/**
 * A worker process's failure, reported as its stack trace, comes back with the typed cause a thread's would
 * have: a timeout as a RiosTimeoutException that names its timeout (its constructor takes that name, so it
 * used to come back with no cause), and a read failure inside the worker (wrapped there in a WorkerException)
 * as its own FileOpenException.
 */
class WorkerFailuresTest {
  private static Throwable causeOf(String trace) {
    WorkerFailures f = new WorkerFailures();
    f.recordRemote("compute", 0, trace);
    return assertThrows(WorkerException.class, f::throwIfFailed).getCause();
  }

  @Test
  void aRemoteTimeoutKeepsItsTypeAndName() {
    Throwable cause = causeOf(ErrorText.stackTrace(new RiosTimeoutException("computeBufferInsertTimeout",
        "Timed out adding block 3 to a full buffer of 2 blocks after 10 s (computeBufferInsertTimeout=10)")));
    assertThat(cause, instanceOf(RiosTimeoutException.class));
    assertThat(((RiosTimeoutException) cause).timeoutName(), is("computeBufferInsertTimeout"));
    assertThat(cause.getMessage().startsWith("Timed out adding block 3"), is(true));
  }

  @Test
  void aReadFailureInsideAWorkerIsItsOwn() {
    WorkerException inWorker = new WorkerException("read", 0,
        "org.rios.errors.FileOpenException: Unable to open a.tif\n\tat x.y(Z.java:1)\n",
        new FileOpenException("Unable to open a.tif"));
    Throwable cause = causeOf(ErrorText.stackTrace(inWorker));
    assertThat(cause, instanceOf(FileOpenException.class));
    assertThat(cause.getMessage(), is("Unable to open a.tif"));
  }

  @Test
  void anotherExceptionGivesNoTypedCause() {
    assertThat(causeOf(ErrorText.stackTrace(new IllegalStateException("user's own"))), is(nullValue()));
  }
}
