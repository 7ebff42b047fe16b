package org.rios.colortable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rios.errors.ColorTableException;

/**
 * The named colour ramps known to {@link ColorTables#genTable}: each is a list of RGB control points.
 *
 * <p>Built-in ramps are read from the resource {@code ramps.txt} beside this class:
 * <ul>
 * <li>Accent, Blues, BrBG, BuGn, BuPu, Dark2, GnBu, Greens, Greys, OrRd, Oranges, PRGn, Paired, Pastel1, Pastel2,
 * PiYG, PuBuGn, PuBu, PuOr, PuRd, Purples, RdBu, RdGy, RdPu, RdYlBu, RdYlGn, Reds, Set1, Set2, Set3, Spectral,
 * YlGnBu, YlGn, YlOrBr, YlOrRd: the ColorBrewer schemes at their largest class count. This product includes
 * color specifications and designs developed by Cynthia Brewer (http://colorbrewer.org/); Copyright (c) 2002
 * Cynthia Brewer, Mark Harrower and The Pennsylvania State University, Apache-style licence.
 * <li>viridis, magma, plasma, inferno (van der Walt, Smith, Firing; CC0) and cividis (Nuñez, Anderton, Renslow
 * 2018), as listed in matplotlib's {@code _cm_listed.py}: 12 control points per map, the entries at indices
 * round(i * 255 / 11) of its 256, scaled by 255 and rounded.
 * <li>gray (black to white) and rainbow (red, green, blue), this project's own.
 * </ul>
 * The special name {@link #RANDOM} asks for random colours instead of a ramp. Ramps added with
 * {@link #addRamp} last for the life of the JVM. All methods are thread-safe.
 *
 * <pre>{@code
 * ColorRamps.addRamp("fire", "0 255 255", "0 128 255", "0 0 0");
 * int[][] points = ColorRamps.getRamp("viridis");   // 12 rows of {R, G, B}
 * }</pre>
 */
public final class ColorRamps {
  /** Name that {@link ColorTables#genTable} takes as "random RGB colours". */
  public static final String RANDOM = "RANDOM";
  private static final String RESOURCE = "ramps.txt";
  private static final Map<String, int[][]> RAMPS = new LinkedHashMap<>();

  static {
    loadBuiltIns();
  }

  private ColorRamps() {}

  /**
   * Adds a ramp. Each string holds one channel's control-point values, space separated, each an integer 0..255;
   * the three must have the same number of values (at least one).
   *
   * @throws ColorTableException if the name is null, blank, {@link #RANDOM} or already used, or a value string
   *     is null, empty, not integers in 0..255, or of a different length from the others
   */
  public static void addRamp(String name, String red, String green, String blue) {
    if (name == null || name.isBlank()) {
      throw new ColorTableException("Colour ramp name must be a non-empty string");
    }
    int[] r = parseChannel(name, "red", red);
    int[] g = parseChannel(name, "green", green);
    int[] b = parseChannel(name, "blue", blue);
    if (r.length != g.length || r.length != b.length) {
      throw new ColorTableException("Colour ramp '" + name + "': red, green and blue have different numbers of"
          + " values (" + r.length + ", " + g.length + ", " + b.length + ")");
    }
    int[][] points = new int[r.length][];
    for (int i = 0; i < r.length; i++) {
      points[i] = new int[] {r[i], g[i], b[i]};
    }
    synchronized (RAMPS) {
      if (RANDOM.equals(name) || RAMPS.containsKey(name)) {
        throw new ColorTableException("Colour ramp '" + name + "' already exists");
      }
      RAMPS.put(name, points);
    }
  }

  /** Ramp names in the order they were defined (built-ins first), then {@link #RANDOM}. */
  public static List<String> getRampNames() {
    List<String> names;
    synchronized (RAMPS) {
      names = new ArrayList<>(RAMPS.keySet());
    }
    names.add(RANDOM);
    return names;
  }

  /** Whether {@code name} is a ramp (or {@link #RANDOM}). */
  public static boolean hasRamp(String name) {
    synchronized (RAMPS) {
      return RANDOM.equals(name) || RAMPS.containsKey(name);
    }
  }

  /**
   * A copy of a ramp's control points, one {R, G, B} row per point.
   *
   * @throws ColorTableException for an unknown name or {@link #RANDOM}, which has no points
   */
  public static int[][] getRamp(String name) {
    int[][] points;
    synchronized (RAMPS) {
      points = RAMPS.get(name);
    }
    if (points == null) {
      throw new ColorTableException("Unknown colour ramp '" + name + "'"
          + (RANDOM.equals(name) ? " (RANDOM has no control points)" : "; known ramps: " + getRampNames()));
    }
    int[][] copy = new int[points.length][];
    for (int i = 0; i < points.length; i++) {
      copy[i] = points[i].clone();
    }
    return copy;
  }

  private static int[] parseChannel(String ramp, String channel, String text) {
    if (text == null || text.isBlank()) {
      throw new ColorTableException("Colour ramp '" + ramp + "': " + channel + " values must be a non-empty"
          + " string of space-separated integers 0..255");
    }
    String[] parts = text.trim().split("\\s+");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = parseValue(parts[i], "Colour ramp '" + ramp + "' " + channel);
    }
    return out;
  }

  private static int parseValue(String text, String what) {
    int v;
    try {
      v = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ColorTableException(what + ": '" + text + "' is not an integer", e);
    }
    if (v < 0 || v > 255) {
      throw new ColorTableException(what + ": " + v + " is outside 0..255");
    }
    return v;
  }

  private static void loadBuiltIns() {
    try (InputStream in = ColorRamps.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + RESOURCE + " of " + ColorRamps.class.getName() + " missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int eq = t.indexOf('=');
        if (eq <= 0) {
          throw new IllegalStateException(RESOURCE + " line " + lineNo + ": expected 'name = R,G,B ...'");
        }
        String name = t.substring(0, eq).trim();
        String[] points = t.substring(eq + 1).trim().split("\\s+");
        int[][] rgb = new int[points.length][];
        for (int i = 0; i < points.length; i++) {
          String[] ch = points[i].split(",");
          if (ch.length != 3) {
            throw new IllegalStateException(RESOURCE + " line " + lineNo + ": '" + points[i] + "' is not R,G,B");
          }
          String what = RESOURCE + " line " + lineNo;
          rgb[i] = new int[] {parseValue(ch[0], what), parseValue(ch[1], what), parseValue(ch[2], what)};
        }
        RAMPS.put(name, rgb);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }
}
