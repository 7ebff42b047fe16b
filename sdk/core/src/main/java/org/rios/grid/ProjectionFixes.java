package org.rios.grid;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repairs to projection WKT that some drivers produce, applied before grids are compared.
 *
 * <p>ERDAS Imagine files in GDA94 often carry a non-zero 7-parameter TOWGS84 block (the old Helmert shift
 * to WGS84). GDA94 is treated as coincident with WGS84, so that block makes OSR consider otherwise
 * identical projections different and forces needless reprojection; it is replaced by zeros. The Imagine
 * datum name "GDA94-ICSM" is likewise renamed to plain "GDA94".
 *
 * <pre>{@code
 * String wkt = ProjectionFixes.specialProjFixes(PixelGrid.fromFile("old.img").projection());
 * }</pre>
 */
public final class ProjectionFixes {
  /** The 7-parameter shift Imagine attaches to GDA94, in TOWGS84 order. */
  private static final double[] IMAGINE_GDA94_TOWGS84 =
      {-16.237, 3.51, 9.939, 1.4157e-06, 2.1477e-06, 1.3429e-06, 1.91e-07};
  private static final String ZERO_TOWGS84 = "TOWGS84[0,0,0,0,0,0,0]";
  private static final Pattern TOWGS84 = Pattern.compile("TOWGS84\\[([^\\]]*)\\]");

  private ProjectionFixes() {}

  /**
   * Returns the WKT with the GDA94 fixes applied (unchanged when none apply; null stays null).
   *
   * <p>The TOWGS84 block is recognised by value rather than exact text, so it is found however the
   * numbers are formatted (e.g. {@code 1.4157E-6}); other TOWGS84 blocks are left alone.
   */
  public static String specialProjFixes(String wkt) {
    if (wkt == null) {
      return null;
    }
    String out = wkt;
    if (out.contains("GDA94") || out.contains("Geocentric_Datum_of_Australia_1994")) {
      Matcher m = TOWGS84.matcher(out);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String replacement = isImagineShift(m.group(1)) ? ZERO_TOWGS84 : m.group();
        m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(sb);
      out = sb.toString();
    }
    return out.replace("GDA94-ICSM", "GDA94");
  }

  private static boolean isImagineShift(String params) {
    String[] parts = params.split(",");
    if (parts.length != IMAGINE_GDA94_TOWGS84.length) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      double v;
      try {
        v = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        return false;
      }
      double expected = IMAGINE_GDA94_TOWGS84[i];
      // Relative comparison: the text may carry more or fewer digits than the constant.
      if (Math.abs(v - expected) > 1e-9 * Math.abs(expected)) {
        return false;
      }
    }
    return true;
  }
}
