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
    String text = JobScript.text(new SlurmQueue(), s, "RIOS_job_3", Path.of("/shared/w 3.log"), 3,
        "--channaddrfile '/shared/a.chnl'", Path.of("/home/u/it's"));
    List<String> lines = List.of(text.split("\n"));
    assertThat(lines.get(0), is("#!/bin/bash"));
    assertThat(lines.get(1), is("#SBATCH -o /shared/w 3.log"));
    assertThat(lines.get(2), is("#SBATCH -e /shared/w 3.log"));
    assertThat(lines.get(3), is("#SBATCH -J RIOS_job_3"));
    assertThat("environment first, then extraParams", lines.get(4), is("#SBATCH --time=10 --mem=2G"));
    assertThat(lines.get(5), is("module load gdal"));
    assertThat(lines.get(6), is("export X=1"));
    assertThat(lines.get(7), is("cd '/home/u/it'\\''s' || exit 1"));
    assertThat(text, containsString("echo \"rios_computeworker begin\"\n"
        + "srun rios-computeworker -i 3 --channaddrfile '/shared/a.chnl' 2>&1\nstatus=$?\n"));
    assertThat(text, containsString("echo \"rios_computeworker status: $status\"\nexit $status\n"));
  }

  @Test
  void pbsScriptJoinsStderrAndNamesTheJob() {
    BatchSettings s = BatchSettings.resolve(new PbsQueue(), Map.of(), Map.of("qsubOptions", "-l walltime=1:00:00"));
    String text = JobScript.text(new PbsQueue(), s, "RIOS_0", Path.of("/t/l.log"), 0, "--channaddr 'h,1,t'",
        Path.of("/w"));
    assertThat(text, startsWith("#!/bin/bash\n#PBS -j oe\n#PBS -o /t/l.log\n#PBS -N RIOS_0\n#PBS -l walltime=1:00:00\n"));
    assertThat(new PbsQueue().submitCommand(Path.of("/t/s.sh"), Path.of("/t/l.log"), "RIOS_0"),
        is(List.of("qsub", "-j", "oe", "-o", "/t/l.log", "-N", "RIOS_0", "/t/s.sh")));
  }

  @Test
  void defaultWorkerCommandIsThisJavaWithThisClasspath() {
    BatchSettings s = BatchSettings.resolve(new SlurmQueue(), Map.of(), Map.of());
    assertThat(s.workerCommand(), containsString(System.getProperty("java.home")));
    assertThat(s.workerCommand(), containsString("org.rios.concurrency.internal.channel.ComputeWorkerMain"));
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
    Files.writeString(script, JobScript.text(new SlurmQueue(), s, "RIOS_0", log, 0, "--channaddr 'a b'",
        tmp.toPath()));
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
  }
}
