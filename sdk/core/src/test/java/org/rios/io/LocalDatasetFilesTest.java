package org.rios.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partial output's files picked from one listing of its directory (as the commit does) are the files each
 * question finds by reading the directory, less those renamed away since the listing.
 */
class LocalDatasetFilesTest {
  @TempDir Path tmp;

  private Path touch(String name) throws IOException {
    return Files.write(tmp.resolve(name), new byte[] {1});
  }

  @Test
  void questionsAnsweredFromOneListingMatchTheDirectoryAndSkipFilesMovedSince() throws IOException {
    Path partial = touch("o.dat.rios-partial.dat");
    Path aux = touch("o.dat.rios-partial.dat.aux.xml");   // named after it
    Path hdr = touch("o.dat.rios-partial.hdr");           // a side-car replacing its extension
    Path idx = touch("o.dat.rios-partial.idx");           // a file only its driver knows
    Files.createDirectory(tmp.resolve("o.dat.rios-partial.zarr"));
    touch("o.dat.rios-partialx.dat");                     // another output's stem
    touch("other.tif");
    touch("o.tif");

    List<Path> listing = LocalDatasetFiles.sharingStem(partial);
    assertThat(Set.copyOf(LocalDatasetFiles.filesByName(partial, listing)),
        is(Set.copyOf(LocalDatasetFiles.filesByName(partial))));
    assertThat(LocalDatasetFiles.filesByName(partial, listing), containsInAnyOrder(partial, aux, hdr));
    assertThat(LocalDatasetFiles.namedAfter(partial, listing), containsInAnyOrder(aux));
    assertThat(LocalDatasetFiles.namedAfter(partial, listing), is(LocalDatasetFiles.namedAfter(partial)));
    Set<Path> known = new HashSet<>(List.of(aux, hdr));
    assertThat(Set.copyOf(LocalDatasetFiles.strays(partial, known, listing)),
        is(Set.copyOf(LocalDatasetFiles.strays(partial, known))));
    assertThat(LocalDatasetFiles.strays(partial, known, listing),
        containsInAnyOrder(idx, tmp.resolve("o.dat.rios-partial.zarr")));

    // renamed into place after the listing: no longer among the partial output's files
    Files.move(aux, tmp.resolve("o.dat.aux.xml"));
    Files.move(idx, tmp.resolve("o.idx"));
    assertThat(LocalDatasetFiles.namedAfter(partial, listing), is(List.of()));
    assertThat(LocalDatasetFiles.strays(partial, known, listing),
        containsInAnyOrder(tmp.resolve("o.dat.rios-partial.zarr")));
    assertThat(LocalDatasetFiles.filesByName(partial, listing), containsInAnyOrder(partial, hdr));
  }
}
