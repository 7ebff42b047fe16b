package org.rios.it;

import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.SilentProgress;

/**
 * A copy of {@code args[0]} to the object {@code args[1]} in a JVM of its own, for a test that starts it under
 * a locale whose file-name encoding cannot hold the key (LC_ALL=C): characters outside ASCII in {@code args[1]}
 * come as {@code \\uXXXX}, which such a locale would garble on the command line; the store's endpoint and
 * credentials come from the environment (GDAL reads its options there). Prints "finished", or the failure's
 * class and message.
 */
public final class CLocaleUploadMain {
  private CLocaleUploadMain() {}

  public static void main(String[] args) {
    StringBuilder key = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\u([0-9a-fA-F]{4})|.").matcher(args[1]);
    while (m.find()) {
      key.append(m.group(1) != null ? String.valueOf((char) Integer.parseInt(m.group(1), 16)) : m.group());
    }
    try {
      Applier.apply((info, in, out) -> out.put("out", in.get("img")),
          new FilenameAssociations().put("img", args[0]), new FilenameAssociations().put("out", key.toString()),
          new ApplierControls().setProgress(new SilentProgress()));
      System.out.println("finished");
    } catch (RuntimeException e) {
      System.out.println(e.getClass().getName() + ": " + e.getMessage());
    }
  }
}
