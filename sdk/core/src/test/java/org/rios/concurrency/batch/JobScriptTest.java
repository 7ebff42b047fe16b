package org.rios.concurrency.batch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.ParameterException;
import org.rios.concurrency.internal.batch.BatchSettings;
import org.rios.concurrency.internal.batch.JobScript;
import org.rios.concurrency.internal.batch.PbsQueue;
import org.rios.concurrency.internal.batch.SlurmQueue;

/** Job scripts, settings from the environment and extraParams, and the queues' output parsing. */
class JobScriptTest {
  @TempDir File tmp;

  @Test
  void slurmScriptHasDirectivesInitCommandsAndTheWorkerBetweenMarkers() {
    BatchSettings s = BatchSettings.resolve(new SlurmQueue(),
        Map.of("RIOS_SLURMJOBMGR_SBATCHOPTIONS", "--time=10", "RIOS_SLURMJOBMGR_INITCMDS", "module load gdal"),
        Map.of("sbatchOptions", "--mem=2G", "initCmds", "export X=1", "cmdPrefix", "srun ", "cmdSuffix", " 2>&1",
            "workerCommand", "rios-computeworker"));
    String text = JobScript.text(new SlurmQueue(), s, 3, "--channaddrfile '/shared/a.chnl'", Path.of("/home/u/it's"));
    List<String> lines = List.of(text.split("\n"));
    assertThat(lines.get(0), is("#!/bin/bash"));
    assertThat("environment first, then extraParams", lines.get(1), is("#SBATCH --time=10 --mem=2G"));
    assertThat(lines.get(2), is("module load gdal"));
    assertThat(lines.get(3), is("export X=1"));
    assertThat(lines.get(4), is("cd '/home/u/it'\\''s' || exit 1"));
    assertThat(text, containsString("echo \"rios_computeworker begin\"\n"
        + "srun rios-computeworker -i 3 --channaddrfile '/shared/a.chnl' 2>&1\nstatus=$?\n"));
    assertThat(text, containsString("echo \"rios_computeworker status: $status\"\nexit $status\n"));
  }

  @Test
  void pbsScriptJoinsStderrAndNamesTheJob() {
    BatchSettings s = BatchSettings.resolve(new PbsQueue(), Map.of(), Map.of("qsubOptions", "-l walltime=1:00:00"));
    String text = JobScript.text(new PbsQueue(), s, 0, "--channaddr 'h,1,t'", Path.of("/w"));
    assertThat(text, startsWith("#!/bin/bash\n#PBS -j oe\n#PBS -l walltime=1:00:00\n"));
    assertThat(new PbsQueue().submitCommand(Path.of("/t/s.sh"), Path.of("/t/l.log"), "RIOS_0"),
        is(List.of("qsub", "-j", "oe", "-o", "/t/l.log", "-N", "RIOS_0", "-r", "n", "/t/s.sh")));
    assertThat("no log kept", new PbsQueue().submitCommand(Path.of("/t/s.sh"), null, "RIOS_0"),
        is(List.of("qsub", "-j", "oe", "-o", "/dev/null", "-N", "RIOS_0", "-r", "n", "/t/s.sh")));
  }

  /**
   * A log path and a job name reach the queue as arguments of their own, never as directive lines, which
   * sbatch splits on spaces, reads quotes in and cuts at '#' (a temp directory "my dir", "o'brien" or
   * "run#1" used to break every job); '%' is sbatch's pattern character.
   */
  @Test
  void pathsAndNamesGoOnTheSubmitCommandLineWhateverTheirCharacters() {
    BatchSettings s = BatchSettings.resolve(new SlurmQueue(), Map.of(), Map.of());
    for (String dir : List.of("/scratch/my dir", "/scratch/o'brien", "/scratch/run#1")) {
      String text = JobScript.text(new SlurmQueue(), s, 0, "--channaddrfile x", Path.of(dir));
      assertThat(text.lines().filter(l -> l.startsWith("#SBATCH")).count(), is(0L));
      assertThat(new SlurmQueue().submitCommand(Path.of(dir, "s.sh"), Path.of(dir, "l.log"), "RIOS_0"),
          is(List.of("sbatch", "-o", dir + "/l.log", "-e", dir + "/l.log", "-J", "RIOS_0", "--no-requeue",
              dir + "/s.sh")));
    }
    assertThat(new SlurmQueue().submitCommand(Path.of("/s/100%/s.sh"), Path.of("/s/100%/l.log"), "R").get(2),
        is("/s/100%%/l.log"));
    assertThat(assertThrows(org.rios.errors.ParameterException.class, () -> new SlurmQueue().submitCommand(
        Path.of("/s/a\\b/s.sh"), Path.of("/s/a\\b/l.log"), "R")).getMessage(), containsString("backslash"));
    assertThat(new SlurmQueue().submitCommand(Path.of("/s/s.sh"), null, "R").subList(1, 5),
        is(List.of("-o", "/dev/null", "-e", "/dev/null")));
    assertThat(org.rios.concurrency.internal.batch.BatchWorkers.jobName("Bob's run #2", 3),
        is("RIOS_Bob_s_run__2_3"));
    assertThat(org.rios.concurrency.internal.batch.BatchWorkers.jobName(null, 0), is("RIOS_0"));
  }

  @Test
  void defaultWorkerCommandIsThisJavaWithThisClasspath() {
    BatchSettings s = BatchSettings.resolve(new SlurmQueue(), Map.of(), Map.of());
    assertThat(s.workerCommand(), containsString(System.getProperty("java.home")));
    assertThat(s.workerCommand(), containsString("org.rios.concurrency.internal.channel.ComputeWorkerMain"));
    // where GDAL's natives are, before the classpath; not the memory or temp options (a node's are the queue's)
    for (String o : org.rios.concurrency.internal.workers.WorkerJvmOptions.ofThisJvm()) {
      assertThat(s.workerCommand().contains(" " + JobScript.quote(o) + " "),
          is(o.startsWith("-Djava.library.path=")));
    }
    assertThat(org.rios.concurrency.internal.workers.WorkerJvmOptions.forwarded(List.of("-Xmx3g",
        "-Djava.library.path=/opt/gdal/lib", "-agentlib:jdwp=transport=dt_socket")),
        is(List.of("-Xmx3g", "-Djava.library.path=/opt/gdal/lib")));
    assertThat(s.options(), is(""));
    assertThat(s.initCmds(), is(""));
    assertThat(s.pollMillis(), is(2000L));
  }

  @Test
  void badExtraParamsAreNamed() {
    ParameterException e = assertThrows(ParameterException.class,
        () -> BatchSettings.resolve(new SlurmQueue(), Map.of(), Map.of("qsubOptions", "-h")));
    assertThat(e.getMessage(), containsString("unknown key 'qsubOptions' for CW_SLURM"));
    assertThat(e.getMessage(), containsString("sbatchOptions"));
    e = assertThrows(ParameterException.class,
        () -> BatchSettings.resolve(new PbsQueue(), Map.of(), Map.of("pollInterval", "soon")));
    assertThat(e.getMessage(), containsString("pollInterval"));
    e = assertThrows(ParameterException.class,
        () -> BatchSettings.resolve(new PbsQueue(), Map.of(), Map.of("channelHost", "no-such-host.invalid")));
    assertThat(e.getMessage(), containsString("no-such-host.invalid"));
  }

  @Test
  void exitStatusIsReadFromTheLastMarker() {
    assertThat(JobScript.exitStatus("rios_computeworker begin\nboom\nrios_computeworker end\n"
        + "rios_computeworker status: 1\n"), is(1));
    assertThat(JobScript.exitStatus("rios_computeworker begin\nslurmstepd: CANCELLED\n"), is(nullValue()));
  }

  /** The script really runs: quoting survives bash, and the status line reports the worker's exit code. */
  @Test
  void scriptRunsUnderBashAndRecordsTheExitStatus() throws Exception {
    BatchSettings s = BatchSettings.resolve(new SlurmQueue(), Map.of(), Map.of("workerCommand", "sh -c 'exit 5' x"));
    Path log = tmp.toPath().resolve("job.log");
    Path script = tmp.toPath().resolve("job.sh");
    Files.writeString(script, JobScript.text(new SlurmQueue(), s, 0, "--channaddr 'a b'", tmp.toPath()));
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS), is(true));
    assertThat(p.exitValue(), is(5));
    assertThat(JobScript.exitStatus(Files.readString(log, StandardCharsets.UTF_8)), is(5));
  }

  @Test
  void slurmSubmitAndListingAreParsed() {
    SlurmQueue q = new SlurmQueue();
    assertThat(q.parseJobId("Submitted batch job 4711\n"), is("4711"));
    assertThat("--parsable", q.parseJobId("4712\n"), is("4712"));
    // a job on another cluster (-M) is one squeue and scancel would not see
    assertThat(assertThrows(IllegalArgumentException.class, () -> q.parseJobId("4713;cluster2\n")).getMessage(),
        containsString("leave -M/--clusters out of sbatchOptions"));
    assertThrows(IllegalArgumentException.class, () -> q.parseJobId("Submitted batch job 4714 on cluster c2\n"));
    assertThrows(IllegalArgumentException.class, () -> q.parseJobId("sbatch: error: invalid partition"));
    assertThat(q.activeJobs("4711 RUNNING\n4712 PENDING\n99 RUNNING\n", java.util.Set.of("4711", "4712", "4713")),
        is(java.util.Set.of("4711", "4712")));
  }

  @Test
  void pbsListingIgnoresHeadersAndFinishedJobs() {
    PbsQueue q = new PbsQueue();
    assertThat(q.parseJobId("123.server\n"), is("123.server"));
    assertThrows(IllegalArgumentException.class, () -> q.parseJobId("There was an error running the Slurm sbatch command.\nmore"));
    String listing = "\nvm:\n                          Req'd  Req'd   Elap\n"
        + "Job id  Username Queue Name SessID NDS TSK Memory Time Use S Time\n----- ----\n"
        + "123.server root debug RIOS_0 -- 1 1 -- 71582 R 00:00\n"
        + "124 root debug RIOS_1 -- 1 1 -- 71582 C 00:00\n"
        + "125 root debug RIOS_2 -- 1 1 -- 71582 Q 00:00\n";
    assertThat(q.activeJobs(listing, java.util.Set.of("123.server.example.org", "124", "125", "126")),
        is(java.util.Set.of("123.server.example.org", "125")));
    assertThat(q.activeJobs(listing, java.util.Set.of("124")), not(is(java.util.Set.of("124"))));
    // PBS Pro and Torque cut long ids in qstat's default listing ("4567890.pbs-se*")
    String cut = "4567890.pbs-se* root workq RIOS_0 12345 1 1 -- 01:00 R 00:00\n";
    assertThat(q.activeJobs(cut, java.util.Set.of("4567890.pbs-server01.cluster")),
        is(java.util.Set.of("4567890.pbs-server01.cluster")));
  }

  /** A missing sbatch (or qsub) is "not available", as a missing squeue is; it used to be a JobMgrException. */
  @Test
  void aQueueWithoutItsSubmitCommandIsUnavailable() {
    org.rios.concurrency.internal.batch.BatchQueue slurm = new SlurmQueue();
    org.rios.concurrency.internal.batch.BatchQueue noSbatch = (org.rios.concurrency.internal.batch.BatchQueue)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {org.rios.concurrency.internal.batch.BatchQueue.class}, (proxy, m, args) -> {
              if (m.getName().equals("submitCommand")) {
                return List.of("/nonexistent/rios-sbatch", args[0].toString());
              }
              if (m.getName().equals("listCommand")) {
                return List.of("true");
              }
              return m.invoke(slurm, args);
            });
    BatchSettings s = BatchSettings.resolve(noSbatch, Map.of(), Map.of());
    org.rios.errors.UnavailableException e = assertThrows(org.rios.errors.UnavailableException.class,
        () -> new org.rios.concurrency.internal.batch.BatchWorkers(noSbatch, s, null, 1, true, tmp, null,
            new org.rios.engine.internal.WorkerFailures()));
    assertThat(e.getMessage(), containsString("CW_SLURM is not available: '/nonexistent/rios-sbatch' is not on the "
        + "PATH"));
    assertThat("nothing written", tmp.list().length, is(0));
  }
}
