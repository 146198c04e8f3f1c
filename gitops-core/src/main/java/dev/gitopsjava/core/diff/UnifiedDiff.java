package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified line diff ({@code diff -u}, as {@code kubectl diff} prints it) of two texts, with three
 * lines of context. Longest-common-subsequence on lines; manifests are small enough for the
 * quadratic table, and it only runs when someone asks for the text.
 */
final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  static String of(String oldName, String oldText, String newName, String newText) {
    String[] a = lines(oldText);
    String[] b = lines(newText);
    int n = a.length;
    int m = b.length;
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    // Edit script: ' ' keep, '-' delete from a, '+' insert from b.
    StringBuilder ops = new StringBuilder();
    List<String> texts = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i].equals(b[j])) {
        ops.append(' ');
        texts.add(a[i]);
        i++;
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.append('-');
        texts.add(a[i]);
        i++;
      } else {
        ops.append('+');
        texts.add(b[j]);
        j++;
      }
    }
    StringBuilder out = new StringBuilder();
    int total = ops.length();
    int k = 0;
    int aLine = 0;
    int bLine = 0;
    boolean header = false;
    while (k < total) {
      if (ops.charAt(k) == ' ') {
        k++;
        aLine++;
        bLine++;
        continue;
      }
      // Start of a hunk: back up CONTEXT lines.
      int start = Math.max(0, k - CONTEXT);
      int aStart = aLine - (k - start);
      int bStart = bLine - (k - start);
      int end = k;
      int lastChange = k;
      while (end < total) {
        if (ops.charAt(end) != ' ') {
          lastChange = end;
        } else if (end - lastChange > 2 * CONTEXT) {
          break;
        }
        end++;
      }
      end = Math.min(total, lastChange + CONTEXT + 1);
      int aCount = 0;
      int bCount = 0;
      StringBuilder hunk = new StringBuilder();
      for (int x = start; x < end; x++) {
        char op = ops.charAt(x);
        hunk.append(op).append(texts.get(x)).append('\n');
        if (op != '+') {
          aCount++;
        }
        if (op != '-') {
          bCount++;
        }
      }
      if (!header) {
        out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
        header = true;
      }
      out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount)).append(" @@\n");
      out.append(hunk);
      for (int x = k; x < end; x++) {
        char op = ops.charAt(x);
        if (op != '+') {
          aLine++;
        }
        if (op != '-') {
          bLine++;
        }
      }
      k = end;
    }
    return out.toString();
  }

  private static String range(int start, int count) {
    if (count == 0) {
      return start + ",0";
    }
    return (start + 1) + "," + count;
  }

  private static String[] lines(String text) {
    if (text.isEmpty()) {
      return new String[0];
    }
    String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return t.split("\n", -1);
  }
}
