package org.digitworkbench.dataset;

import java.util.List;
import java.util.Objects;

/**
 * Labelled greyscale images held in memory, as the IDX files store them: row-major unsigned bytes (0 = background,
 * 255 = full ink), one label byte per image, and the {@link Normalization} of the dataset's training split they are to
 * be fed to a model with. Immutable; the arrays are never handed out for writing.
 */
public final class ImageSet {

	private final String datasetId;
	private final Split split;
	private final int count;
	private final int rows;
	private final int columns;
	private final byte[] pixels;
	private final byte[] labels;
	private final List<String> classNames;
	private final Normalization normalization;

	/** Images normalised with MNIST's figures ({@link Normalization#MNIST}). */
	public ImageSet(String datasetId, Split split, int rows, int columns, byte[] pixels, byte[] labels,
			List<String> classNames) {
		this(datasetId, split, rows, columns, pixels, labels, classNames, Normalization.MNIST);
	}

	/** @since 0.1.2 */
	public ImageSet(String datasetId, Split split, int rows, int columns, byte[] pixels, byte[] labels,
			List<String> classNames, Normalization normalization) {
		this.normalization = Objects.requireNonNull(normalization);
		this.datasetId = Objects.requireNonNull(datasetId);
		this.split = Objects.requireNonNull(split);
		this.rows = rows;
		this.columns = columns;
		this.count = labels.length;
		if ((long) count * rows * columns != pixels.length) {
			throw new IllegalArgumentException(
					count + " labels do not match " + pixels.length + " pixel bytes of " + rows + "x" + columns);
		}
		this.pixels = pixels;
		this.labels = labels;
		this.classNames = List.copyOf(classNames);
	}

	public String datasetId() {
		return datasetId;
	}

	public Split split() {
		return split;
	}

	public int count() {
		return count;
	}

	public int rows() {
		return rows;
	}

	public int columns() {
		return columns;
	}

	public int pixelsPerImage() {
		return rows * columns;
	}

	public List<String> classNames() {
		return classNames;
	}

	/**
	 * The figures of the dataset's training split (for its test split too): what a model trained on these images is
	 * fed with.
	 *
	 * @since 0.1.2
	 */
	public Normalization normalization() {
		return normalization;
	}

	/** The label of image {@code index}, 0-based class number. */
	public int label(int index) {
		return Byte.toUnsignedInt(labels[index]);
	}

	/** Pixel {@code (row, column)} of image {@code index}, 0..255. */
	public int pixel(int index, int row, int column) {
		return Byte.toUnsignedInt(pixels[index * pixelsPerImage() + row * columns + column]);
	}

	/** A copy of image {@code index}'s unsigned bytes. */
	public byte[] image(int index) {
		byte[] image = new byte[pixelsPerImage()];
		System.arraycopy(pixels, index * pixelsPerImage(), image, 0, image.length);
		return image;
	}

	/**
	 * All pixels, read-only by contract: the bulk path into a tensor (wrap in a {@code ByteBuffer} as UINT8, never as
	 * signed INT8).
	 */
	public byte[] pixelData() {
		return pixels;
	}

	/** All labels, read-only by contract. */
	public byte[] labelData() {
		return labels;
	}

	/**
	 * The images at {@code indices}, in that order (a validation split, a sample), with the same class names and
	 * normalisation.
	 *
	 * @since 0.1.2
	 */
	public ImageSet subset(int[] indices) {
		int size = pixelsPerImage();
		byte[] p = new byte[indices.length * size];
		byte[] l = new byte[indices.length];
		for (int i = 0; i < indices.length; i++) {
			System.arraycopy(pixels, indices[i] * size, p, i * size, size);
			l[i] = labels[indices[i]];
		}
		return new ImageSet(datasetId, split, rows, columns, p, l, classNames, normalization);
	}

	/** The first {@code n} images (for quick runs and tests). */
	public ImageSet head(int n) {
		int keep = Math.min(n, count);
		byte[] p = new byte[keep * pixelsPerImage()];
		byte[] l = new byte[keep];
		System.arraycopy(pixels, 0, p, 0, p.length);
		System.arraycopy(labels, 0, l, 0, keep);
		return new ImageSet(datasetId, split, rows, columns, p, l, classNames, normalization);
	}
}
