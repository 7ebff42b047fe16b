package org.rios.colortable;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.rios.errors.ColorTableException;

/** Named ramps and table generation (RIOS's colortable.addRamp / getRampNames / genTable). */
class ColorRampsTest {
  private static final List<String> BUILT_IN = List.of("Accent", "Blues", "BrBG", "BuGn", "BuPu", "Dark2", "GnBu",
      "Greens", "Greys", "OrRd", "Oranges", "PRGn", "Paired", "Pastel1", "Pastel2", "PiYG", "PuBuGn", "PuBu", "PuOr",
      "PuRd", "Purples", "RdBu", "RdGy", "RdPu", "RdYlBu", "RdYlGn", "Reds", "Set1", "Set2", "Set3", "Spectral",
      "YlGnBu", "YlGn", "YlOrBr", "YlOrRd", "viridis", "magma", "plasma", "inferno", "cividis", "gray", "rainbow");

  private static String uniqueName() {
    return "test-" + UUID.randomUUID();
  }

  @Test
  void builtInNamesThenRandom() {
    List<String> names = ColorTables.getRampNames();
    assertThat(names.subList(0, BUILT_IN.size()), is(BUILT_IN));
    assertThat(names.get(names.size() - 1), is("RANDOM"));
  }

  @Test
  void endPointsMatchTheSources() {
    // matplotlib _cm_listed.py viridis: first [0.267004, 0.004874, 0.329415], last [0.993248, 0.906157, 0.143936]
    int[][] viridis = ColorRamps.getRamp("viridis");
    assertThat(viridis.length, is(12));
    assertThat(viridis[0], is(new int[] {68, 1, 84}));
    assertThat(viridis[11], is(new int[] {253, 231, 37}));
    // ColorBrewer Blues, 9 classes: #f7fbff ... #08306b
    int[][] blues = ColorRamps.getRamp("Blues");
    assertThat(blues.length, is(9));
    assertThat(blues[0], is(new int[] {0xf7, 0xfb, 0xff}));
    assertThat(blues[8], is(new int[] {0x08, 0x30, 0x6b}));
    // the generated table runs exactly from the first point to the last
    int[][] t = ColorTables.genTable(50, "Blues");
    assertThat(new int[] {t[0][0], t[1][0], t[2][0], t[3][0]}, is(new int[] {0xf7, 0xfb, 0xff, 255}));
    assertThat(new int[] {t[0][49], t[1][49], t[2][49], t[3][49]}, is(new int[] {0x08, 0x30, 0x6b, 255}));
    assertThat(ColorRamps.getRamp("Set3").length, is(12));
    assertThat(ColorRamps.getRamp("Spectral")[10], is(new int[] {94, 79, 162}));
  }

  @Test
  void genTableInterpolatesAndTruncates() {
    String name = uniqueName();
    ColorTables.addRamp(name, "0 255", "255 0", "10 10");
    int[][] t = ColorTables.genTable(3, name); // positions 0, 1.5, 3 between points at 0 and 3
    assertThat(t[0], is(new int[] {0, 127, 255}));
    assertThat(t[1], is(new int[] {255, 127, 0}));
    assertThat(t[2], is(new int[] {10, 10, 10}));
    assertThat(t[3], is(new int[] {255, 255, 255}));
    // truncation after floating-point interpolation: entry i of a 256-entry gray ramp is i or i - 1 (e.g. 33 -> 32)
    int[][] gray = ColorTables.genTable(256, "gray");
    assertThat(gray[0][0], is(0));
    assertThat(gray[0][255], is(255));
    assertThat(gray[0][32], is(32));
    assertThat(gray[0][33], is(32));
    for (int i = 0; i < 256; i++) {
      assertThat(gray[0][i] == i || gray[0][i] == i - 1, is(true));
      assertThat(gray[1][i] == gray[0][i] && gray[2][i] == gray[0][i], is(true));
    }
    assertThat(ColorTables.genTable(0, "viridis")[0].length, is(0));
    assertThat(ColorTables.genTable(1, "viridis")[0], is(new int[] {68}));
  }

  @Test
  void ignoreValueIsTransparentBlack() {
    int[][] t = ColorTables.genTable(10, "rainbow", 4);
    for (int c = 0; c < 4; c++) {
      assertThat(t[c][4], is(0));
    }
    assertThat(t[3][3], is(255));
    assertThat(t[0][0], is(255)); // red first
    assertThat(t[2][9], is(255)); // blue last
    assertThrows(ColorTableException.class, () -> ColorTables.genTable(10, "gray", 10));
  }

  @Test
  void colorPointsPlaceTheControlPoints() {
    String name = uniqueName();
    ColorTables.addRamp(name, "0 200", "0 200", "0 200");
    int[][] t = ColorTables.genTable(5, name, null, new double[] {0, 2.5}); // positions 0, 1.25, 2.5, 3.75, 5
    assertThat(t[0], is(new int[] {0, 100, 200, 200, 200}));
    assertThrows(ColorTableException.class, () -> ColorTables.genTable(5, name, null, new double[] {0, 1, 2}));
    assertThrows(ColorTableException.class, () -> ColorTables.genTable(5, "viridis", null, new double[] {0, 5}));
    assertThrows(ColorTableException.class, () -> ColorTables.genTable(5, name, null, new double[] {3, 1}));
  }

  @Test
  void unknownRampRaises() {
    assertThrows(ColorTableException.class, () -> ColorTables.genTable(10, "nosuchramp"));
    assertThrows(ColorTableException.class, () -> ColorTables.genTable(10, "VIRIDIS"));
    assertThrows(ColorTableException.class, () -> ColorTables.genTable(-1, "viridis"));
  }

  @Test
  void addRampRejectsDuplicatesAndBadValues() {
    String name = uniqueName();
    ColorTables.addRamp(name, "1 2 3", "4 5 6", "7 8 9");
    assertThat(ColorTables.getRampNames().contains(name), is(true));
    assertThat(ColorRamps.getRamp(name)[2], is(new int[] {3, 6, 9}));
    assertThrows(ColorTableException.class, () -> ColorTables.addRamp(name, "1", "2", "3"));
    assertThrows(ColorTableException.class, () -> ColorTables.addRamp("Blues", "1", "2", "3"));
    assertThrows(ColorTableException.class, () -> ColorTables.addRamp("RANDOM", "1", "2", "3"));
    assertThrows(ColorTableException.class, () -> ColorTables.addRamp(uniqueName(), "1 300", "2 3", "3 4"));
    assertThrows(ColorTableException.class, () -> ColorTables.addRamp(uniqueName(), "1 x", "2 3", "3 4"));
    assertThrows(ColorTableException.class, () -> ColorTables.addRamp(uniqueName(), "1 2", "2", "3 4"));
    assertThrows(ColorTableException.class, () -> ColorTables.addRamp(uniqueName(), null, "2", "3"));
    assertThrows(ColorTableException.class, () -> ColorTables.addRamp(null, "1", "2", "3"));
  }

  @Test
  void randomGivesOpaqueRandomColours() {
    int[][] t = ColorTables.genTable(300, "RANDOM", 0, null, new Random(7));
    boolean varied = false;
    for (int i = 1; i < 300; i++) {
      assertThat(t[3][i], is(255));
      for (int c = 0; c < 3; c++) {
        assertThat(t[c][i] >= 0 && t[c][i] <= 255, is(true));
      }
      varied |= t[0][i] != t[0][1];
    }
    assertThat(varied, is(true));
    assertThat(new int[] {t[0][0], t[1][0], t[2][0], t[3][0]}, is(new int[] {0, 0, 0, 0}));
    assertThrows(ColorTableException.class, () -> ColorRamps.getRamp("RANDOM"));
  }
}
