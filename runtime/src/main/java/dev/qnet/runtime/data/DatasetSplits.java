package dev.qnet.runtime.data;

/**
 * A dataset as training sees it: the three published splits (or seeded splits for sets that have
 * none) and where they came from, for provenance.
 *
 * @param name   the dataset's name, e.g. {@code pneumoniamnist}
 * @param source the file or folder read
 * @param md5    md5 of the file read (hex), or of the sorted file list for folders
 */
public record DatasetSplits(String name, String source, String md5,
                            LabeledImages train, LabeledImages val, LabeledImages test) {
}
