package org.rios.testutil;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunction;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.progress.SilentProgress;

/**
 * A run to interrupt, in its own JVM: copies {@code input} to {@code output} in 50 x 50 blocks, sleeping in
 * every block so a test has time to signal it mid-run, and creates {@code marker} once a few blocks are done.
 *
 * <p>Arguments: style (none, threads, subproc, beam), input, output, marker, tempdir.
 */
public final class SlowCopyMain {
  private SlowCopyMain() {}

  public static void main(String[] args) {
    String marker = args[3];
    UserFunction fn = (info, inputs, outputs) -> {
      outputs.put("out", inputs.get("img"));
      if (info.getPercent() > 5) {
        try {
          Files.write(new File(marker).toPath(), new byte[0]);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      try {
        Thread.sleep(60);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setWindowSize(50, 50)
        .setTempdir(args[4]).setConcurrencyStyle(style(args[0]));
    Applier.apply(fn, new FilenameAssociations().put("img", args[1]), new FilenameAssociations().put("out", args[2]),
        c);
    System.out.println("finished");
  }

  public static ConcurrencyStyle style(String name) {
    return switch (name) {
      case "none" -> ConcurrencyStyle.none();
      case "threads" -> ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
          .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
      case "subproc" -> ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
          .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).build();
      case "beam" -> ConcurrencyStyle.builder().numComputeWorkers(2).computeWorkerKind(ComputeWorkerKind.CW_BEAM)
          .build();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
