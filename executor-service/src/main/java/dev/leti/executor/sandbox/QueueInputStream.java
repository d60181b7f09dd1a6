package dev.leti.executor.sandbox;

import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An input stream fed by other threads, for APIs that pull a worker's stdin from a stream
 * (Docker attach). Unlike {@code PipedInputStream} it does not break when a writing thread
 * ends.
 */
public final class QueueInputStream extends InputStream {

    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;

    /** An output stream whose writes this stream reads. */
    public java.io.OutputStream writer() {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) {
                chunks.add(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                chunks.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
            }
        };
    }

    @Override
    public void close() {
        chunks.add(END);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (current == END) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            position = 0;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }
}
