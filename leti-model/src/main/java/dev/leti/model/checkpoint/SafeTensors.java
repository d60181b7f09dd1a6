package dev.leti.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.config.ModelJson;
import dev.leti.model.nn.Tensors;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian tensor data. Reads F32,
 * F16 and BF16 (converted to float32), writes whatever the arrays hold. BF16 is widened in Java:
 * DJL 0.36's PyTorch layer has no bfloat16 type (asking for one aborts the JVM).
 */
public final class SafeTensors {

    private static final int ALIGNMENT = 8;
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /** Writes tensors, in the given order and in the types they hold, and string metadata into a new file. */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, metadata, null);
    }

    /**
     * Writes float32 tensors stored as {@code storage} (F32, F16 or BF16), in the given order, and
     * string metadata into a new file; {@code storage} null writes each tensor in the type it holds.
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata,
                             ModelConfig.Storage storage) throws IOException {
        ObjectNode header = ModelJson.mapper().createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray array = entry.getValue();
            long bytes = array.size() * (storage == null ? array.getDataType().getNumOfBytes() : storage.bytes());
            ObjectNode tensor = header.putObject(entry.getKey());
            tensor.put("dtype", storage == null ? dtypeName(array.getDataType()) : storage.safetensorsName());
            var shape = tensor.putArray("shape");
            for (long dim : array.getShape().getShape()) {
                shape.add(dim);
            }
            tensor.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = ModelJson.mapper().writeValueAsBytes(header);
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(out, head);
            for (NDArray array : tensors.values()) {
                writeFully(out, encode(array, storage));
            }
            out.force(true);
        }
    }

    /** Reads every tensor of a file into float32 arrays of the manager, memory-mapping the file. */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes);
            Header header = Header.parse(channel, lengthBytes.flip().getLong(), file.toString());
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (Entry entry : header.entries) {
                ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart + entry.begin, entry.length());
                out.put(entry.name, entry.toArray(data, manager));
            }
            return out;
        }
    }

    /** Reads every tensor from a stream (a classpath resource) into float32 arrays of the manager. */
    public static Map<String, NDArray> read(InputStream in, NDManager manager, String source) throws IOException {
        ReadableByteChannel channel = Channels.newChannel(in);
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes);
        Header header = Header.parse(channel, lengthBytes.flip().getLong(), source);
        Map<String, NDArray> out = new LinkedHashMap<>();
        long position = 0;
        for (Entry entry : header.entries) {
            skip(channel, entry.begin - position);
            ByteBuffer data = ByteBuffer.allocateDirect(Math.toIntExact(entry.length()));
            readFully(channel, data);
            out.put(entry.name, entry.toArray(data.flip(), manager));
            position = entry.end;
        }
        return out;
    }

    private record Entry(String name, DataType type, Shape shape, long begin, long end) {

        long length() {
            return end - begin;
        }

        /**
         * The tensor as float32 in memory it owns: the array made from the buffer only borrows
         * it (a file mapping, or a direct buffer the collector may free), so it is always copied.
         */
        NDArray toArray(ByteBuffer data, NDManager manager) {
            if (type == DataType.BFLOAT16) {
                return Tensors.copyOf(manager, widenBfloat16(data.order(ByteOrder.LITTLE_ENDIAN)), shape);
            }
            try (NDArray borrowed = manager.create(data.order(ByteOrder.nativeOrder()), shape, type)) {
                // toType returns the same storage when nothing changes, so a float32 tensor is cloned.
                return type == DataType.FLOAT32 ? borrowed.duplicate() : borrowed.toType(DataType.FLOAT32, false);
            } finally {
                // The borrowed tensor points into the buffer's memory: the buffer (a file mapping or a
                // direct buffer) must stay reachable until the copy is made, or the collector may unmap
                // or free it mid-copy.
                Reference.reachabilityFence(data);
            }
        }
    }

    /** The array's bytes in the stored type: float32 narrowed to F16 by PyTorch, to BF16 here (round to nearest even). */
    private static ByteBuffer encode(NDArray array, ModelConfig.Storage storage) {
        if (storage == null || storage == ModelConfig.Storage.FLOAT32) {
            return array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("only float32 arrays are narrowed for storage, not " + array.getDataType());
        }
        if (storage == ModelConfig.Storage.FLOAT16) {
            try (NDArray half = array.toType(DataType.FLOAT16, true)) {
                return half.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        float[] values = array.toFloatArray();
        ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            int bits = Float.floatToRawIntBits(value);
            boolean nan = Float.isNaN(value);
            int rounded = nan ? bits | 0x0040_0000 : bits + 0x7FFF + ((bits >>> 16) & 1);
            out.putShort((short) (rounded >>> 16));
        }
        return out.flip();
    }

    /** bfloat16 is the upper half of a float32. */
    private static float[] widenBfloat16(ByteBuffer data) {
        float[] values = new float[data.remaining() / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat((data.getShort() & 0xFFFF) << 16);
        }
        return values;
    }

    private record Header(List<Entry> entries, long dataStart) {

        static Header parse(ReadableByteChannel channel, long length, String source) throws IOException {
            if (length <= 0 || length > MAX_HEADER) {
                throw new IOException(source + ": not a safetensors file (header length " + length + ")");
            }
            ByteBuffer json = ByteBuffer.allocate((int) length);
            readFully(channel, json);
            JsonNode root = ModelJson.mapper().readTree(new String(json.array(), StandardCharsets.UTF_8));
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                if (field.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode node = field.getValue();
                DataType type = dataType(node.path("dtype").asString(""), source, field.getKey());
                long[] dims = new long[node.path("shape").size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = node.path("shape").get(i).asLong();
                }
                Shape shape = new Shape(dims);
                long begin = node.path("data_offsets").path(0).asLong(-1);
                long end = node.path("data_offsets").path(1).asLong(-1);
                if (begin < 0 || end - begin != shape.size() * type.getNumOfBytes()) {
                    throw new IOException(source + ": tensor " + field.getKey() + " has inconsistent offsets");
                }
                entries.add(new Entry(field.getKey(), type, shape, begin, end));
            }
            entries.sort(Comparator.comparingLong(Entry::begin));
            return new Header(entries, 8 + length);
        }
    }

    private static DataType dataType(String name, String source, String tensor) throws IOException {
        return switch (name) {
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            case "BF16" -> DataType.BFLOAT16;
            default -> throw new IOException(source + ": tensor " + tensor + " has unsupported dtype " + name);
        };
    }

    private static String dtypeName(DataType type) {
        return switch (type) {
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            default -> throw new IllegalArgumentException("cannot write " + type + " to safetensors");
        };
    }

    private static void readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("safetensors data ends early");
            }
        }
    }

    private static void skip(ReadableByteChannel channel, long bytes) throws IOException {
        if (bytes > 0) {
            readFully(channel, ByteBuffer.allocate(Math.toIntExact(bytes)));
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
