package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.ParameterException;

/** Bad arguments to the Beam API are ParameterExceptions that name them, not Beam's or Java's raw errors. */
class BeamArgumentsTest {
  @ParameterizedTest
  @ValueSource(strings = {"--noSuchOption=3", "--runner=NoSuchRunner", "--numComputeWorkers=abc", "runner=DirectRunner"})
  void pipelineOptionsBeamCannotParseAreNamed(String arg) {
    ParameterException e = assertThrows(ParameterException.class, () -> RiosOptions.fromArgs(arg));
    assertThat(e.getMessage(), allOf(containsString("Invalid Beam pipeline options"), containsString(arg)));
  }

  @Test
  void aJobWithoutAnIdIsAParameterError() {
    for (String id : new String[] {null, ""}) {
      ParameterException e = assertThrows(ParameterException.class,
          () -> RasterJob.of(id, new FilenameAssociations(), new FilenameAssociations()));
      assertThat(e.getMessage(), containsString("RasterJob.of"));
    }
  }

  @org.junit.jupiter.api.Test
  void rasterJobsNameTheEntryThatCannotNameAJob() {
    RasterJobs.FromNames names = RasterJobs.fromNames("image", "ndvi", "/out", "-ndvi.tif");
    for (String bad : java.util.List.of("/data/jd/", "/", "s3://bucket/scenes/")) {
      org.rios.errors.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
          org.rios.errors.ParameterException.class, () -> names.job(bad));
      org.hamcrest.MatcherAssert.assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("'" + bad + "'"));
    }
    org.hamcrest.MatcherAssert.assertThat(names.job("/data/a.tif").id(), org.hamcrest.Matchers.is("a"));
  }
}
