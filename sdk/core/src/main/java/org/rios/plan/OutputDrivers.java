package org.rios.plan;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.rios.errors.ImageOpenException;
import org.rios.errors.UnknownDriverException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.rios.gdal.GdalRuntime;

/**
 * Checks an output's driver and creation options before any block is processed, so a typo fails in
 * milliseconds with a message naming the option instead of after an hour of computing (GDAL itself only
 * warns about unknown creation options).
 */
public final class OutputDrivers {
  private OutputDrivers() {}

  /**
   * The GDAL driver of that short name, which must be able to create rasters.
   *
   * @throws UnknownDriverException naming the driver and the output
   */
  public static Driver driver(String name, String outputLabel) {
    GdalRuntime.ensureLoaded();
    Driver d = name == null ? null : gdal.GetDriverByName(name);
    if (d == null) {
      throw new UnknownDriverException("Unknown GDAL driver '" + name + "' for output '" + outputLabel + "'");
    }
    String create = d.GetMetadataItem("DCAP_CREATE");
    if (!"YES".equalsIgnoreCase(create)) {
      throw new UnknownDriverException("GDAL driver '" + name + "' (output '" + outputLabel
          + "') cannot create new files (it has no Create capability)");
    }
    return d;
  }

  /**
   * Validates "NAME=VALUE" creation options against the driver's published option list: unknown names and
   * values outside a fixed choice list are rejected.
   *
   * @throws ImageOpenException naming the option, the driver and the output
   */
  public static void validateCreationOptions(Driver driver, List<String> options, String outputLabel) {
    Map<String, Set<String>> allowed = optionList(driver);
    if (allowed == null) {
      return; // the driver does not publish its options: nothing to check against
    }
    for (String opt : options) {
      int eq = opt.indexOf('=');
      if (eq <= 0) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "' is not of the form NAME=VALUE");
      }
      String name = opt.substring(0, eq).trim().toUpperCase(Locale.ROOT);
      String value = opt.substring(eq + 1).trim();
      if (!allowed.containsKey(name)) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "' is not supported by the " + driver.getShortName() + " driver");
      }
      Set<String> values = allowed.get(name);
      if (!values.isEmpty() && !values.contains(value.toUpperCase(Locale.ROOT))) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "': value must be one of " + values + " for the " + driver.getShortName() + " driver");
      }
    }
  }

  /** Option name -> allowed values (upper case; empty = free value), or null if the driver lists none. */
  private static Map<String, Set<String>> optionList(Driver driver) {
    String xml = driver.GetMetadataItem("DMD_CREATIONOPTIONLIST");
    if (xml == null || xml.isBlank()) {
      return null;
    }
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      Map<String, Set<String>> out = new HashMap<>();
      NodeList opts = doc.getElementsByTagName("Option");
      for (int i = 0; i < opts.getLength(); i++) {
        Element e = (Element) opts.item(i);
        Set<String> values = new HashSet<>();
        if ("string-select".equals(e.getAttribute("type"))) {
          NodeList vs = e.getElementsByTagName("Value");
          for (int j = 0; j < vs.getLength(); j++) {
            Element v = (Element) vs.item(j);
            values.add(v.getTextContent().trim().toUpperCase(Locale.ROOT));
            if (v.hasAttribute("alias")) {
              values.add(v.getAttribute("alias").trim().toUpperCase(Locale.ROOT));
            }
          }
        }
        String names = e.getAttribute("name") + (e.hasAttribute("alias") ? "," + e.getAttribute("alias") : "");
        for (String n : names.split(",")) {
          out.put(n.trim().toUpperCase(Locale.ROOT), values);
        }
      }
      return out;
    } catch (Exception e) {
      return null; // an option list GDAL cannot describe cleanly is not worth failing a run over
    }
  }

  /**
   * RIOS's guard against GTiff rewrite bloat: the processing window must be a whole multiple of the TIFF
   * block size in both directions. Tiled default 256x256; untiled: full-width strips of max(1, 8192 / width)
   * rows (RIOS divides by zero above 8192 columns), which the window must span.
   * Only the TILED value YES/TRUE/ON/1 counts as tiled (RIOS treats any TILED option as tiled).
   *
   * @throws ImageOpenException naming the output and both sizes
   */
  public static void checkGtiffBlockSize(List<String> options, int windowX, int windowY, int ncols,
      String outputLabel) {
    boolean tiled = false;
    Integer bx = null;
    Integer by = null;
    for (String opt : options) {
      int eq = opt.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String n = opt.substring(0, eq).trim().toUpperCase(Locale.ROOT);
      String v = opt.substring(eq + 1).trim();
      try {
        if (n.equals("TILED")) {
          tiled = Set.of("YES", "TRUE", "ON", "1").contains(v.toUpperCase(Locale.ROOT));
        } else if (n.equals("BLOCKXSIZE")) {
          bx = Integer.parseInt(v);
        } else if (n.equals("BLOCKYSIZE")) {
          by = Integer.parseInt(v);
        }
      } catch (NumberFormatException e) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "' must be an integer");
      }
    }
    int tx;
    int ty;
    if (tiled) {
      tx = bx != null ? bx : 256;
      ty = by != null ? by : 256;
    } else {
      tx = ncols;
      ty = by != null ? by : Math.max(1, 8192 / Math.max(1, ncols));
    }
    // An untiled strip spans the full width: the window must too, or every block rewrites whole strips.
    boolean xOk = tiled ? (windowX >= tx && windowX % tx == 0) : windowX >= ncols;
    boolean yOk = windowY >= ty && windowY % ty == 0;
    if (!xOk || !yOk) {
      throw new ImageOpenException("GTiff output '" + outputLabel + "' has TIFF blocks of " + tx + " x " + ty
          + " but the processing window is " + windowX + " x " + windowY + ": the window must be a whole "
          + "multiple of the TIFF block size (set BLOCKXSIZE/BLOCKYSIZE creation options or the window size)");
    }
  }
}
