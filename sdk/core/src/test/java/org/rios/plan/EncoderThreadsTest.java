package org.rios.plan;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run's GDAL thread budget wins over GDAL_NUM_THREADS for encoding as it does for decoding: a budget of 1
 * is written as NUM_THREADS=1 (GTiff took GDAL_NUM_THREADS when the option was absent, so setGdalThreads(1)
 * with GDAL_NUM_THREADS=4 encoded on 4 threads); a user's own NUM_THREADS stays; a LERC output gets no threads
 * it did not ask for (GDAL 3.6's LERC bytes vary between runs); drivers without encoder threads get nothing.
 */
class EncoderThreadsTest {
  @Test
  void encoderThreadsFollowTheBudget() {
    List<String> deflate = List.of("TILED=YES", "COMPRESS=DEFLATE");
    assertThat(OutputPlanner.withEncoderThreads("GTiff", deflate, 1), hasItem("NUM_THREADS=1"));
    assertThat(OutputPlanner.withEncoderThreads("COG", deflate, 2), hasItem("NUM_THREADS=2"));
    assertThat(OutputPlanner.withEncoderThreads("GTiff", List.of("COMPRESS=DEFLATE", "NUM_THREADS=4"), 1),
        is(List.of("COMPRESS=DEFLATE", "NUM_THREADS=4")));
    assertThat(OutputPlanner.withEncoderThreads("GTiff", List.of("COMPRESS=LERC_ZSTD"), 2),
        is(List.of("COMPRESS=LERC_ZSTD")));
    assertThat(OutputPlanner.withEncoderThreads("GTiff", List.of("COMPRESS=LERC"), 1),
        is(List.of("COMPRESS=LERC", "NUM_THREADS=1")));
    assertThat(OutputPlanner.withEncoderThreads("HFA", List.of("COMPRESSED=YES"), 2), is(List.of("COMPRESSED=YES")));
  }
}
