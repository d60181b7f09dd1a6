package dev.leti.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;

/** Where a checkpoint's files are read from: a directory, or a classpath location for built-in models. */
public interface CheckpointSource {

    /** Opens one file of the checkpoint ({@code config.json}, {@code model.safetensors}, ...). */
    InputStream open(String fileName) throws IOException;

    /** Whether the checkpoint has this file. */
    boolean exists(String fileName);

    /** Where it is, for logs and error messages. */
    String describe();
}
