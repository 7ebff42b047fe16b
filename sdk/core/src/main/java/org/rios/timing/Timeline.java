package org.rios.timing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws a run's {@link Timers} as a timeline: one row per thread (main thread, read workers, compute
 * workers, worker processes), one coloured bar per interval (reading, user function, writing, statistics,
 * buffer waits), over wall time. Self-contained SVG, or an HTML page around it with a legend; no scripts,
 * no external resources.
 *
 * <pre>{@code
 * ApplierReturn<Void> rtn = Applier.apply(fn, in, out, controls);
 * Timeline.writeHtml(rtn.timings(), Path.of("timeline.html"), "NDVI, 1 read + 2 compute threads");
 * }</pre>
 */
public final class Timeline {
  private static final Map<String, String> COLOURS = new LinkedHashMap<>();

  static {
    COLOURS.put("reading", "#4e79a7");
    COLOURS.put("userfunction", "#59a14f");
    COLOURS.put("writing", "#e15759");
    COLOURS.put("pyramids", "#b07aa1");
    COLOURS.put("basicstats", "#ff9da7");
    COLOURS.put("histogram", "#9c755f");
    COLOURS.put("stats+histogram", "#c9a26b");
    COLOURS.put("beforeclose", "#bab0ac");
    COLOURS.put("uploading", "#17becf");
    COLOURS.put("cogconversion", "#8c564b");
    COLOURS.put("startcomputeworkers", "#76b7b2");
    COLOURS.put("insert_readbuffer", "#f28e2b");
    COLOURS.put("pop_readbuffer", "#edc948");
    COLOURS.put("insert_computebuffer", "#d37295");
    COLOURS.put("pop_computebuffer", "#fabfd2");
    COLOURS.put("pop_writerbuffer", "#a0cbe8");
  }

  /** Any other timer's colour (a timer of the user's own, say), "other" in the legend. */
  private static final String OTHER = "#888888";
  private static final int ROW = 22;
  private static final int LEFT = 170;
  private static final int WIDTH = 1000;

  private Timeline() {}

  /** The timeline as a standalone SVG document. */
  public static String svg(Timers timers, String title) {
    if (timers == null) {
      throw new org.rios.errors.ParameterException("Timeline needs the run's Timers (ApplierReturn.timings()), not null");
    }
    List<Timers.Span> spans = new ArrayList<>();
    double t0 = Double.MAX_VALUE;
    double t1 = -Double.MAX_VALUE;
    for (Timers.Span s : timers.spans()) {
      if (s.name().equals(Timers.WALLTIME)) {
        t0 = Math.min(t0, s.start());
        t1 = Math.max(t1, s.end());
      } else {
        spans.add(s);
      }
    }
    for (Timers.Span s : spans) {
      t0 = Math.min(t0, s.start());
      t1 = Math.max(t1, s.end());
    }
    if (t0 == Double.MAX_VALUE) {
      // no interval at all, not even the wall clock (timers made by hand): an empty axis of one second
      t0 = 0;
      t1 = 1;
    } else if (t1 <= t0) {
      t1 = t0 + 1e-6;
    }
    List<String> totalsOnly = totalsOnly(timers, drawnNames(spans));
    TreeSet<String> rows = new TreeSet<>(Timeline::compareThreads);
    spans.forEach(s -> rows.add(s.thread()));
    List<String> rowList = new ArrayList<>(rows);
    double scale = WIDTH / (t1 - t0);
    int noteRows = totalsOnly.isEmpty() ? 0 : 1;
    int height = 40 + (rowList.size() + noteRows) * ROW + 40;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n", LEFT + WIDTH + 20, height));
    b.append("<title>").append(escape(title)).append("</title>\n");
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-weight=\"bold\">%s (%.2f s)</text>%n", LEFT,
        escape(title), t1 - t0));
    if (!totalsOnly.isEmpty()) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, 30 + rowList.size() * ROW
          + 15, escape("Known only as totals (from the runner's metrics; in the report): "
              + String.join(", ", totalsOnly))));
    }
    for (int i = 0; i < rowList.size(); i++) {
      int y = 30 + i * ROW;
      b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>%n", y + 15, escape(rowList.get(i))));
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f4f4f4\"/>%n",
          LEFT, y, WIDTH, ROW - 4));
    }
    for (Timers.Span s : spans) {
      int row = rowList.indexOf(s.thread());
      double x = LEFT + (s.start() - t0) * scale;
      double w = Math.max(0.5, (s.end() - s.start()) * scale);
      String colour = COLOURS.getOrDefault(s.name(), OTHER);
      b.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\">"
          + "<title>%s %.4f s</title></rect>%n", x, 30 + row * ROW, w, ROW - 4, colour, escape(s.name()),
          s.end() - s.start()));
    }
    int axisY = 30 + (rowList.size() + noteRows) * ROW + 12;
    for (int k = 0; k <= 10; k++) {
      double x = LEFT + k * WIDTH / 10.0;
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f s</text>%n", x,
          axisY, (t1 - t0) * k / 10));
    }
    b.append("</svg>\n");
    return b.toString();
  }

  /**
   * An HTML page with the SVG, a legend of the colours it uses (each timer drawn, in the report's order;
   * "other" for timers of no colour of their own) and, for a run's timers, the timing report.
   */
  public static String html(Timers timers, String title) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(escape(title)).append("</title></head><body style=\"font-family:sans-serif\">\n")
        .append(svg(timers, title)).append("<p>");
    legend(timers).forEach((name, colour) -> b.append("<span style=\"display:inline-block;width:12px;height:12px;"
        + "background:").append(colour).append("\"></span> ").append(escape(name)).append(" &nbsp; "));
    b.append("</p>\n");
    if (timers.names().contains(Timers.WALLTIME)) {
      b.append("<pre>").append(escape(timers.formatReport(1))).append("</pre>\n");
    }
    b.append("</body></html>\n");
    return b.toString();
  }

  /** Name to colour of every timer drawn: those with a colour of their own first, then "other". */
  static Map<String, String> legend(Timers timers) {
    Set<String> drawn = drawnNames(timers.spans());
    Map<String, String> out = new LinkedHashMap<>();
    COLOURS.forEach((name, colour) -> {
      if (drawn.contains(name)) {
        out.put(name, colour);
      }
    });
    if (!COLOURS.keySet().containsAll(drawn)) {
      out.put("other", OTHER);
    }
    return out;
  }

  /** The names of the timers {@code spans} draws (not the wall clock, which is the axis). */
  private static Set<String> drawnNames(List<Timers.Span> spans) {
    Set<String> drawn = new java.util.HashSet<>();
    spans.forEach(s -> drawn.add(s.name()));
    drawn.remove(Timers.WALLTIME);
    return drawn;
  }

  /** Timers with totals but no interval to draw (a Beam run's stages, from the runner's metrics). */
  private static List<String> totalsOnly(Timers timers, Set<String> drawn) {
    List<String> out = new ArrayList<>();
    for (String name : timers.names()) {
      if (!name.equals(Timers.WALLTIME) && !drawn.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  public static void writeSvg(Timers timers, Path file, String title) throws IOException {
    Files.writeString(requireFile(file), svg(timers, title), StandardCharsets.UTF_8);
  }

  public static void writeHtml(Timers timers, Path file, String title) throws IOException {
    Files.writeString(requireFile(file), html(timers, title), StandardCharsets.UTF_8);
  }

  private static Path requireFile(Path file) {
    if (file == null) {
      throw new org.rios.errors.ParameterException("Timeline: the file to write must not be null");
    }
    return file;
  }

  /** main first, then local threads, then worker processes, each group in name order. */
  private static int compareThreads(String a, String b) {
    int ga = group(a);
    int gb = group(b);
    return ga != gb ? Integer.compare(ga, gb) : a.compareTo(b);
  }

  private static int group(String t) {
    if (t.equals("main")) {
      return 0;
    }
    return t.startsWith("worker ") ? 2 : 1;
  }

  private static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
