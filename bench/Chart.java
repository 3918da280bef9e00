import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the benchmark's chart: one grouped bar chart per database, requests/s per scenario, the
 * service beside the limit (pgbench running the same SQL). No dependencies: run it as
 * {@code java -Djava.awt.headless=true bench/Chart.java chart.tsv chart.png "title"}.
 *
 * <p>Input lines: {@code panel <TAB> scenario <TAB> service req/s <TAB> limit req/s or "-" <TAB> target
 * ratio or "-"}; a target ratio draws a dashed line at that share of the limit across the service bar.
 */
public class Chart {

    record Bar(String scenario, double service, Double limit, Double target) {
    }

    static final Color SERVICE = new Color(0x2B6CB0);
    static final Color LIMIT = new Color(0xA0AEC0);
    static final Color GRID = new Color(0xE2E8F0);
    static final Color TEXT = new Color(0x1A202C);
    static final Color MUTED = new Color(0x4A5568);
    static final Color MET = new Color(0x276749);
    static final Color MISSED = new Color(0xC53030);
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    static final int WIDTH = 1200;
    static final int PANEL_HEIGHT = 430;
    static final int TOP = 70;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java Chart.java chart.tsv chart.png [title]");
            System.exit(2);
        }
        Map<String, List<Bar>> panels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            Double limit = f.length > 3 && !f[3].equals("-") ? Double.valueOf(f[3]) : null;
            Double target = f.length > 4 && !f[4].equals("-") ? Double.valueOf(f[4]) : null;
            panels.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new Bar(f[1], Double.parseDouble(f[2]), limit, target));
        }
        String title = args.length > 2 ? args[2] : "requests/s per scenario";
        int height = TOP + Math.max(1, panels.size()) * PANEL_HEIGHT + 10;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);

        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(title, 30, 36);
        legend(g, WIDTH - 30, 56);

        int y = TOP;
        for (Map.Entry<String, List<Bar>> panel : panels.entrySet()) {
            panel(g, panel.getKey(), panel.getValue(), y);
            y += PANEL_HEIGHT;
        }
        g.dispose();
        ImageIO.write(image, "png", Path.of(args[1]).toFile());
    }

    static void legend(Graphics2D g, int right, int baseline) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        String service = "service (wrk, HTTP)";
        String limit = "limit (pgbench, the same SQL, prepared)";
        String target = "target";
        int x = right - fm.stringWidth(target) - 22;
        g.setColor(TEXT);
        g.setStroke(DASHED);
        g.drawLine(x, baseline - 5, x + 14, baseline - 5);
        g.drawString(target, x + 20, baseline);
        x -= fm.stringWidth(limit) + 22 + 30;
        swatch(g, LIMIT, x, baseline, limit);
        x -= fm.stringWidth(service) + 22 + 30;
        swatch(g, SERVICE, x, baseline, service);
    }

    static void swatch(Graphics2D g, Color color, int x, int baseline, String label) {
        g.setColor(color);
        g.fillRect(x, baseline - 12, 14, 14);
        g.setColor(TEXT);
        g.drawString(label, x + 20, baseline);
    }

    static void panel(Graphics2D g, String name, List<Bar> bars, int top) {
        int left = 90;
        int right = WIDTH - 30;
        int plotTop = top + 40;
        int plotBottom = top + PANEL_HEIGHT - 75;
        boolean anyLimit = bars.stream().anyMatch(b -> b.limit() != null);

        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(name + (anyLimit ? "" : "  (no limit bars: pgbench speaks only PostgreSQL)"), left, top + 22);

        double max = 0;
        for (Bar b : bars) {
            max = Math.max(max, b.service());
            if (b.limit() != null) {
                max = Math.max(max, b.limit());
            }
        }
        double step = niceStep(max / 5);
        double axisMax = Math.max(step, Math.ceil(max * 1.08 / step) * step);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double v = 0; v <= axisMax + step / 2; v += step) {
            int yy = yOf(v, axisMax, plotTop, plotBottom);
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1));
            g.drawLine(left, yy, right, yy);
            g.setColor(MUTED);
            String label = compact(v);
            g.drawString(label, left - 8 - fm.stringWidth(label), yy + 4);
        }
        g.setColor(MUTED);
        g.rotate(-Math.PI / 2);
        g.drawString("requests/s", -(plotTop + plotBottom) / 2 - 30, 22);
        g.rotate(Math.PI / 2);

        int groups = bars.size();
        double groupWidth = (right - left) / (double) Math.max(1, groups);
        int barWidth = (int) Math.min(70, groupWidth * (anyLimit ? 0.34 : 0.5));
        for (int i = 0; i < groups; i++) {
            Bar b = bars.get(i);
            int center = (int) (left + groupWidth * (i + 0.5));
            if (b.limit() != null) {
                bar(g, SERVICE, center - barWidth - 2, barWidth, b.service(), axisMax, plotTop, plotBottom);
                bar(g, LIMIT, center + 2, barWidth, b.limit(), axisMax, plotTop, plotBottom);
                if (b.target() != null) {
                    int ty = yOf(b.limit() * b.target(), axisMax, plotTop, plotBottom);
                    g.setColor(TEXT);
                    g.setStroke(DASHED);
                    g.drawLine(center - barWidth - 8, ty, center - 2 + 4, ty);
                    g.setStroke(new BasicStroke(1));
                }
                valueLabel(g, center - barWidth - 2, barWidth, b.service(), axisMax, plotTop, plotBottom);
                valueLabel(g, center + 2, barWidth, b.limit(), axisMax, plotTop, plotBottom);
            } else {
                bar(g, SERVICE, center - barWidth / 2, barWidth, b.service(), axisMax, plotTop, plotBottom);
                valueLabel(g, center - barWidth / 2, barWidth, b.service(), axisMax, plotTop, plotBottom);
            }
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            centered(g, b.scenario(), center, plotBottom + 22);
            if (b.limit() != null && b.limit() > 0) {
                double ratio = b.service() / b.limit();
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                g.setColor(b.target() == null ? MUTED : ratio >= b.target() ? MET : MISSED);
                centered(g, String.format(Locale.ROOT, "%.0f%% of the limit", ratio * 100), center, plotBottom + 42);
            }
        }
        g.setColor(MUTED);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(left, plotBottom, right, plotBottom);
    }

    static void bar(Graphics2D g, Color color, int x, int width, double value, double axisMax, int top, int bottom) {
        int y = yOf(value, axisMax, top, bottom);
        g.setColor(color);
        g.fillRect(x, y, width, bottom - y);
    }

    /** The value above its bar, on a white ground so that a target line behind it does not hide it. */
    static void valueLabel(Graphics2D g, int x, int width, double value, double axisMax, int top, int bottom) {
        int y = yOf(value, axisMax, top, bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        String text = compact(value);
        int w = fm.stringWidth(text);
        g.setColor(Color.WHITE);
        g.fillRect(x + width / 2 - w / 2 - 2, y - 5 - fm.getAscent(), w + 4, fm.getAscent() + 2);
        g.setColor(TEXT);
        g.drawString(text, x + width / 2 - w / 2, y - 5);
    }

    static int yOf(double value, double axisMax, int top, int bottom) {
        return (int) Math.round(bottom - (bottom - top) * value / axisMax);
    }

    static void centered(Graphics2D g, String text, int center, int baseline) {
        g.drawString(text, center - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static String compact(double v) {
        if (v >= 1_000_000) {
            return trim(String.format(Locale.ROOT, "%.2fM", v / 1_000_000));
        }
        if (v >= 1_000) {
            return trim(String.format(Locale.ROOT, "%.1fk", v / 1_000));
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String trim(String s) {
        return s.replace(".0k", "k").replace(".00M", "M");
    }
}
