package org.digitworkbench.training.internal;

/**
 * Every random stream of a run, derived from its seed alone: the same seed gives the same run, a resumed run continues
 * each stream where it stopped, and two runs at once share none (libtorch's own generator is global).
 */
final class Seeds {

	private static final long GOLDEN = 0x9E3779B97F4A7C15L;

	private Seeds() {
	}

	/** The shuffle of epoch {@code epoch} (1-based); the kind the runs before this version used. */
	static long shuffle(long seed, int epoch) {
		return seed * 1_000_003L + epoch;
	}

	/** The augmentation of the batch that starts at position {@code from} of epoch {@code epoch}. */
	static long augmentation(long seed, int epoch, int from) {
		return mix(mix(seed ^ 0x6175676D656E74L) + epoch) + from;
	}

	/** The dropout masks of the {@code layer}-th dropout block. */
	static long dropout(long seed, int layer) {
		return mix(seed ^ 0x64726F706F7574L) + layer;
	}

	/** SplitMix64's finaliser: neighbouring inputs give unrelated outputs. */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31) ^ GOLDEN;
	}
}
