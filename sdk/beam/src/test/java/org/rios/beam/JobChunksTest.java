package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.rios.applier.FilenameAssociations;
import org.rios.grid.PixelGrid;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/** How RiosIO cuts a job into chunks of blocks and deals them over the shuffle's keys. */
class JobChunksTest {
  /** A job of {@code across} x {@code down} blocks of {@code window}² pixels (no files are opened). */
  private static PlannedJob job(String id, int across, int down, int window) {
    List<BlockDefn> blocks = new ArrayList<>();
    for (int r = 0; r < down; r++) {
      for (int c = 0; c < across; c++) {
        blocks.add(new BlockDefn(blocks.size(), r * window, c * window, window, window));
      }
    }
    PixelGrid grid = new PixelGrid("", new double[] {0, 1, 0, 0, 0, -1}, down * window, across * window);
    WorkingPlan plan = new WorkingPlan(grid, window, window, 0, blocks, List.of(), List.of());
    return new PlannedJob(RasterJob.of(id, new FilenameAssociations().put("img", "/in/" + id + ".tif"),
        new FilenameAssociations().put("out", "/out/" + id + ".tif")), plan);
  }

  @Test
  void everyBlockOnceInOrderInChunksOfAtMostAMegapixel() {
    for (int workers : new int[] {1, 2, 5}) {
      for (PlannedJob j : List.of(job("big", 32, 32, 256), job("small", 3, 1, 64), job("one", 1, 1, 512))) {
        List<KV<Integer, JobChunk>> chunks = RiosIO.JobChunksFn.chunks(j, "attempt", workers);
        int next = 0;
        for (KV<Integer, JobChunk> c : chunks) {
          assertThat(c.getValue().first(), is(next));
          long window = (long) j.plan().windowXsize() * j.plan().windowYsize();
          assertThat(c.getValue().count() * window,
              lessThanOrEqualTo(Math.max(RiosIO.JobChunksFn.MAX_CHUNK_PIXELS, window)));
          assertThat(c.getValue().jobId(), is(j.job().id()));
          next += c.getValue().count();
        }
        assertThat(next, is(j.plan().numBlocks()));
      }
    }
  }

  @Test
  void aJobWithTheBlocksSpreadsEvenlyOverFourKeysPerWorker() {
    int workers = 2;
    int keys = RiosIO.JobChunksFn.KEYS_PER_WORKER * workers;
    // 1024 blocks of 256²: 64 chunks of 16 blocks, so 8 per key
    List<KV<Integer, JobChunk>> chunks = RiosIO.JobChunksFn.chunks(job("scene-7", 32, 32, 256), "attempt", workers);
    assertThat(chunks.size(), is(64));
    Map<Integer, Integer> perKey = new TreeMap<>();
    for (KV<Integer, JobChunk> c : chunks) {
      assertThat(c.getKey(), greaterThanOrEqualTo(0));
      assertThat(c.getKey(), lessThan(keys));
      perKey.merge(c.getKey(), 1, Integer::sum);
    }
    assertThat(perKey.size(), is(keys));
    assertThat(perKey.values(), everyItem(is(8)));
  }

  @Test
  void aJobOfSmallBlocksGetsFourChunksPerWorkerOnePerKey() {
    // 1024 blocks of 64²: the megapixel cap would allow 256 blocks a chunk, four chunks per worker make 128
    List<KV<Integer, JobChunk>> chunks = RiosIO.JobChunksFn.chunks(job("fine", 32, 32, 64), "attempt", 2);
    assertThat(chunks.size(), is(8));
    assertThat(chunks.stream().map(KV::getKey).distinct().count(), is(8L));
    assertThat(chunks.stream().map(c -> c.getValue().count()).distinct().toList(), is(List.of(128)));
  }

  @Test
  void aChunkCarriesItsOwnBlocksAndThePlanWithoutItsBlockList() {
    PlannedJob j = job("big", 64, 64, 256);
    for (KV<Integer, JobChunk> c : RiosIO.JobChunksFn.chunks(j, "attempt", 2)) {
      JobChunk chunk = c.getValue();
      assertThat(chunk.planned().plan().blocks().size(), is(0));
      assertThat(chunk.jobBlocks(), is(4096));
      assertThat(chunk.blocks(), is(j.plan().blocks().subList(chunk.first(), chunk.first() + chunk.count())));
      assertThat(chunk.planned().plan().grid(), is(j.plan().grid()));
    }
  }

  @Test
  void smallJobsStartOnDifferentKeys() {
    // one chunk per job: where each job starts depends on its id, so many small jobs do not share one key
    Map<Integer, Integer> perKey = new TreeMap<>();
    for (int i = 0; i < 64; i++) {
      List<KV<Integer, JobChunk>> chunks = RiosIO.JobChunksFn.chunks(job("tile-" + i, 1, 1, 256), "attempt", 2);
      assertThat(chunks.size(), is(1));
      perKey.merge(chunks.get(0).getKey(), 1, Integer::sum);
    }
    assertThat(perKey.size(), greaterThanOrEqualTo(6));
  }
}
