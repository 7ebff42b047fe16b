package org.rios.examples;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * (h) NDVI computed by batch-queue jobs: each compute worker is a SLURM (or PBS) job that joins this
 * program's run, computes its share of blocks and sends them back; this program writes the output. The
 * temp directory must be visible to the cluster's nodes, and so must the inputs when the jobs read them.
 *
 * <pre>
 * java -cp ... org.rios.examples.BatchQueueExample --kind CW_SLURM --workers 2 --tempdir /shared/tmp in.tif ndvi.tif
 * java -cp ... org.rios.examples.BatchQueueExample --kind CW_PBS --single-block --main-reads in.tif ndvi.tif
 * </pre>
 * Job options and init commands come from RIOS_SLURMJOBMGR_SBATCHOPTIONS / RIOS_SLURMJOBMGR_INITCMDS (or the
 * RIOS_PBSJOBMGR_ pair) and from {@code --option KEY=VALUE} (computeWorkerExtraParams).
 */
@Command(name = "BatchQueueExample",
    description = "NDVI (bands 3 and 4) with compute workers as SLURM or PBS jobs.")
public final class BatchQueueExample implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<in>", description = "Multi-band input image.")
  String input;

  @Parameters(index = "1", paramLabel = "<out>", description = "NDVI output (GTiff, Float32).")
  String output;

  @Option(names = "--kind", defaultValue = "CW_SLURM", description = "CW_SLURM or CW_PBS (default ${DEFAULT-VALUE}).")
  ComputeWorkerKind kind;

  @Option(names = "--workers", defaultValue = "2", description = "Number of worker jobs (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--single-block", description = "One job per block instead of --workers jobs.")
  boolean singleBlock;

  @Option(names = "--main-reads", description = "This program reads the blocks and ships them to the jobs.")
  boolean mainReads;

  @Option(names = "--no-shared-temp", description = "Pass the channel address on the job command line.")
  boolean noSharedTemp;

  @Option(names = "--tempdir", defaultValue = ".", description = "Temp directory the nodes can see (default ${DEFAULT-VALUE}).")
  File tempdir;

  @Option(names = "--barrier-timeout", defaultValue = "600", description = "Seconds to wait for all jobs to start.")
  int barrierTimeout;

  @Option(names = "--window", defaultValue = "256",
      description = "Block size in pixels, a multiple of 16 (default ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "computeWorkerExtraParams entry, repeatable.")
  Map<String, String> extraParams = new LinkedHashMap<>();

  public static void main(String[] args) {
    ExampleCli.main(new BatchQueueExample(), args);
  }

  @Override
  public Integer call() {
    ConcurrencyStyle.Builder style = ConcurrencyStyle.builder().computeWorkerKind(kind)
        .computeWorkersRead(!mainReads).haveSharedTemp(!noSharedTemp).computeBarrierTimeout(barrierTimeout)
        .computeWorkerExtraParams(extraParams);
    if (singleBlock) {
      style.singleBlockComputeWorkers(true);
    } else {
      style.numComputeWorkers(workers).numReadWorkers(mainReads ? 1 : 0);
    }
    ApplierControls controls = new ApplierControls().setOutputDriverName("GTiff").setStatsIgnore(-9.0)
        .setCreationOptions(List.of("TILED=YES", "COMPRESS=DEFLATE", "BLOCKXSIZE=" + window,
            "BLOCKYSIZE=" + window))
        .setWindowSize(window, window).setTempdir(tempdir.getPath())
        .selectInputImageLayers(List.of(3, 4), "image").setConcurrencyStyle(style.build());
    ApplierReturn<Void> rtn = Applier.apply(NdviExample.NDVI, new FilenameAssociations().put("image", input),
        new FilenameAssociations().put("ndvi", output), controls);
    System.out.println(rtn.timings().formatReport());
    return 0;
  }
}
