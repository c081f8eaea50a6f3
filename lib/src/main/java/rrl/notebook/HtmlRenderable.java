package rrl.notebook;

/**
 * A value with an HTML form. In a notebook on the rrl kernel, an {@code HtmlRenderable} as the last expression of a
 * cell (or passed to JJava's {@code display(...)}) is shown as its HTML ({@code text/html}), with {@link #toString()}
 * as the plain-text form ({@code text/plain}) for front ends that cannot show HTML. {@link KernelDisplay} registers
 * it with the kernel; {@link Show#html(String)} shows any fragment.
 *
 * <pre>{@code
 * record Frames(String gifBase64) implements HtmlRenderable {
 *     public String toHtml() { return "<img src=\"data:image/gif;base64," + gifBase64 + "\"/>"; }
 * }
 * }</pre>
 */
public interface HtmlRenderable {
    /** A self-contained HTML fragment (no scripts needed): a table, an image with a data URL, a figure. */
    String toHtml();
}
