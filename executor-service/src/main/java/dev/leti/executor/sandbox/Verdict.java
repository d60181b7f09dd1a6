package dev.leti.executor.sandbox;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What the harness in the program's interpreter reported at its end, as the sandbox worker
 * passes it on. Everything but {@link #proof} may have been written by the program itself.
 *
 * @param type    the exception's class name, or null when the program finished cleanly
 * @param frames  the traceback's frames that lie in the script, outermost first
 * @param message Python's own exception line(s) ({@code NameError: name 'x' is not defined})
 * @param syntax  set for a syntax error in the script itself
 * @param proof   the nonce the harness echoed after the tests completed; null when they did not
 */
public record Verdict(String type, List<Frame> frames, String message, Syntax syntax, String proof) {

    public Verdict {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }

    /** A report without a proof. */
    public Verdict(String type, List<Frame> frames, String message, Syntax syntax) {
        this(type, frames, message, syntax, null);
    }

    public boolean raised() {
        return type != null;
    }

    /** One traceback frame: script line and function name. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"line", "name"})
    public record Frame(int line, String name) {
    }

    /** Where a syntax error is and what the compiler said. */
    public record Syntax(int line, String message) {
    }
}
