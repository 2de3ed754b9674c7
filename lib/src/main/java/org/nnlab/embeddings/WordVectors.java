package org.nnlab.embeddings;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.data.Vocab;

/**
 * A table of word vectors: one {@code float[]} of size dim per word. Lookup, cosine similarity, nearest
 * neighbours, analogies, a 2-D projection, and save/load in word2vec's text format:
 * <pre>
 *   3 2            the first line: number of words, vector size
 *   the 0.1 -0.4   then one line per word: the word and its numbers, separated by spaces
 * </pre>
 * (the format gensim's {@code KeyedVectors.load_word2vec_format(path, binary=False)} reads).
 *
 * <p>Cosine similarity {@code cos(a, b) = a·b / (|a| |b|)} compares directions, not lengths: frequent
 * words tend to get longer vectors, and that says nothing about meaning.
 */
public final class WordVectors {

    /** A word and its cosine similarity to the query. */
    public record Neighbour(String word, double cosine) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.3f", word, cosine);
        }
    }

    private final List<String> words;
    private final float[][] vectors;
    private final Map<String, Integer> index = new HashMap<>();
    private final double[] norms;

    /** Vectors for the given words, row i for word i; the rows are copied. */
    public WordVectors(List<String> words, float[][] vectors) {
        if (words.size() != vectors.length) {
            throw new IllegalArgumentException("WordVectors: " + words.size() + " words but " + vectors.length + " vectors");
        }
        if (vectors.length == 0) {
            throw new IllegalArgumentException("WordVectors: no words");
        }
        this.words = List.copyOf(words);
        this.vectors = new float[vectors.length][];
        this.norms = new double[vectors.length];
        int dim = vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dim) {
                throw new IllegalArgumentException("WordVectors: the vector of '" + words.get(i) + "' has size "
                        + vectors[i].length + " but the first one " + dim);
            }
            if (index.put(words.get(i), i) != null) {
                throw new IllegalArgumentException("WordVectors: the word '" + words.get(i) + "' occurs twice");
            }
            this.vectors[i] = vectors[i].clone();
            norms[i] = Math.sqrt(dot(this.vectors[i], this.vectors[i]));
        }
    }

    /**
     * The same words with the mean vector subtracted from every vector. Trained vectors share one large
     * common direction (every update of a frequent context word moves many center vectors the same way),
     * which makes all cosines high; removing the mean leaves what tells the words apart (Mu and Viswanath
     * 2018 remove a few more directions).
     */
    public WordVectors centered() {
        int d = dim();
        double[] mean = new double[d];
        for (float[] v : vectors) {
            for (int i = 0; i < d; i++) {
                mean[i] += v[i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= vectors.length;
        }
        float[][] out = new float[vectors.length][d];
        for (int r = 0; r < vectors.length; r++) {
            for (int i = 0; i < d; i++) {
                out[r][i] = (float) (vectors[r][i] - mean[i]);
            }
        }
        return new WordVectors(words, out);
    }

    /** The mean cosine over all pairs of the first {@code n} words (the most frequent, for trained vectors). */
    public double meanCosine(int n) {
        int m = Math.min(n, size());
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                sum += cosine(vectors[i], norms[i], vectors[j], norms[j]);
                pairs++;
            }
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
    }

    /** The number of words. */
    public int size() {
        return words.size();
    }

    /** The size of each vector. */
    public int dim() {
        return vectors[0].length;
    }

    /** The words, in the order of the rows. */
    public List<String> words() {
        return words;
    }

    public boolean contains(String word) {
        return index.containsKey(word);
    }

    /** A copy of the vector of {@code word}. */
    public float[] vector(String word) {
        return vectors[row(word)].clone();
    }

    /** All vectors as a FLOAT matrix {@code [size, dim]}, row i for word i. */
    public INDArray matrix() {
        return Nd4j.createFromArray(vectors).castTo(DataType.FLOAT);
    }

    /** cos(a, b) = a·b / (|a| |b|), in [-1, 1] (0 if a vector is all zeros). */
    public double cosine(String a, String b) {
        int i = row(a), j = row(b);
        return cosine(vectors[i], norms[i], vectors[j], norms[j]);
    }

    /** The k words most similar to {@code word} by cosine, the word itself left out. */
    public List<Neighbour> nearest(String word, int k) {
        return nearest(vectors[row(word)], k, Set.of(word));
    }

    /** The k words whose vectors are closest to {@code query} by cosine, except the words in {@code exclude}. */
    public List<Neighbour> nearest(float[] query, int k, Set<String> exclude) {
        if (query.length != dim()) {
            throw new IllegalArgumentException("WordVectors.nearest: the query has size " + query.length
                    + " but the vectors have size " + dim());
        }
        double queryNorm = Math.sqrt(dot(query, query));
        List<Neighbour> all = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            if (!exclude.contains(words.get(i))) {
                all.add(new Neighbour(words.get(i), cosine(query, queryNorm, vectors[i], norms[i])));
            }
        }
        all.sort((x, y) -> Double.compare(y.cosine(), x.cosine()));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /**
     * The analogy "a - b + c": the k words nearest to â - b̂ + ĉ (unit vectors, so no word dominates by its
     * length), leaving out a, b and c themselves (else they usually win). {@code analogy("king", "man",
     * "woman", 1)} asks: king is to man as what is to woman?
     */
    public List<Neighbour> analogy(String a, String b, String c, int k) {
        float[] va = vectors[row(a)], vb = vectors[row(b)], vc = vectors[row(c)];
        double na = norms[row(a)], nb = norms[row(b)], nc = norms[row(c)];
        float[] q = new float[dim()];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) (va[i] / na - vb[i] / nb + vc[i] / nc);
        }
        return nearest(q, k, Set.of(a, b, c));
    }

    /**
     * The vectors of {@code words} projected onto their first two principal components (PCA): centered,
     * then onto the two directions of largest variance, found by power iteration on the covariance matrix.
     * Row i is the point of word i. For a 2-D picture only: most of a vector's information is lost.
     */
    public double[][] project2d(List<String> selected) {
        int n = selected.size(), d = dim();
        double[][] x = new double[n][d];
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            float[] v = vectors[row(selected.get(r))];
            for (int i = 0; i < d; i++) {
                x[r][i] = v[i];
                mean[i] += v[i] / n;
            }
        }
        for (double[] xr : x) {
            for (int i = 0; i < d; i++) {
                xr[i] -= mean[i];
            }
        }
        double[][] cov = new double[d][d]; // C = Xᵀ X (the 1/n does not change the directions)
        for (double[] xr : x) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i][j] += xr[i] * xr[j];
                }
            }
        }
        double[][] points = new double[n][2];
        for (int component = 0; component < 2; component++) {
            double[] direction = topEigenvector(cov);
            double lambda = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    lambda += direction[i] * cov[i][j] * direction[j];
                }
            }
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < d; i++) {
                    points[r][component] += x[r][i] * direction[i];
                }
            }
            for (int i = 0; i < d; i++) { // deflate: C -= λ e eᵀ, so the next direction is the second one
                for (int j = 0; j < d; j++) {
                    cov[i][j] -= lambda * direction[i] * direction[j];
                }
            }
        }
        return points;
    }

    /**
     * Initial weights for an {@link org.nnlab.nn.Embedding} over {@code vocab}: the row of each vocabulary
     * word that has a vector gets it, scaled by one factor so that these entries have standard deviation
     * {@code std}; every other row (including {@code <unk>}) is drawn normal(0, std²) from {@code seed}; the
     * padding row 0 is zero. Same scale as a random initialisation of the same std, so a comparison of the
     * two measures the directions of the vectors, not their size. FLOAT {@code [vocab.size(), dim]}.
     */
    public INDArray embeddingWeights(Vocab vocab, double std, long seed) {
        INDArray weights = embeddingWeights(vocab.tokens(), std, seed);
        weights.getRow(Vocab.PAD_INDEX).assign(0);
        return weights;
    }

    /**
     * The same for a table whose row i is the word {@code rows.get(i)} (such as
     * {@link org.nnlab.data.WordWindows#wordTable()}): rows of words with a vector get it, scaled to standard
     * deviation {@code std} over those rows; all other rows are drawn normal(0, std²) from {@code seed}. No
     * row is zeroed. FLOAT {@code [rows.size(), dim]}.
     */
    public INDArray embeddingWeights(List<String> rows, double std, long seed) {
        Random random = new Random(seed);
        double sumSquares = 0;
        long entries = 0;
        for (String w : rows) {
            if (contains(w)) {
                for (float f : vectors[row(w)]) {
                    sumSquares += f * f;
                    entries++;
                }
            }
        }
        double scale = entries == 0 ? 1 : std / Math.sqrt(sumSquares / entries);
        float[][] weights = new float[rows.size()][dim()];
        for (int r = 0; r < rows.size(); r++) {
            String w = rows.get(r);
            for (int i = 0; i < dim(); i++) {
                weights[r][i] = contains(w) ? (float) (vectors[row(w)][i] * scale) : (float) (random.nextGaussian() * std);
            }
        }
        return Nd4j.createFromArray(weights);
    }

    /** The share of the vocabulary's words (other than {@code <pad>} and {@code <unk>}) that have a vector. */
    public double coverage(Vocab vocab) {
        int found = 0, total = 0;
        for (String w : vocab.tokens()) {
            if (!w.equals(Vocab.PAD) && !w.equals(Vocab.UNK)) {
                total++;
                found += contains(w) ? 1 : 0;
            }
        }
        return total == 0 ? 0 : (double) found / total;
    }

    /** Writes word2vec's text format (see the class comment), UTF-8. Words must not contain spaces. */
    public void save(Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(size() + " " + dim() + "\n");
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < size(); r++) {
                String w = words.get(r);
                if (w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("WordVectors.save: the word '" + w
                            + "' is empty or contains white space, which the word2vec text format cannot hold");
                }
                line.setLength(0);
                line.append(w);
                for (float f : vectors[r]) {
                    line.append(' ').append(f); // Float.toString round-trips exactly
                }
                out.write(line.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("WordVectors.save: cannot write " + file, e);
        }
    }

    /** Reads word2vec's text format, as written by {@link #save} (or by word2vec and gensim). */
    public static WordVectors load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("WordVectors.load: cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("WordVectors.load: " + file + " is empty; expected the line 'words dim' first");
        }
        String[] header = lines.get(0).trim().split(" ");
        int n, dim;
        try {
            n = Integer.parseInt(header[0]);
            dim = Integer.parseInt(header[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("WordVectors.load: the first line of " + file
                    + " should be 'words dim' (word2vec text format) but is '" + lines.get(0) + "'");
        }
        if (lines.size() - 1 < n) {
            throw new IllegalArgumentException("WordVectors.load: " + file + " announces " + n + " words but has "
                    + (lines.size() - 1) + " lines after the header");
        }
        List<String> words = new ArrayList<>(n);
        float[][] vectors = new float[n][dim];
        for (int r = 0; r < n; r++) {
            String[] parts = lines.get(r + 1).trim().split(" ");
            if (parts.length != dim + 1) {
                throw new IllegalArgumentException("WordVectors.load: line " + (r + 2) + " of " + file + " has "
                        + (parts.length - 1) + " numbers but the header says " + dim);
            }
            words.add(parts[0]);
            for (int i = 0; i < dim; i++) {
                vectors[r][i] = Float.parseFloat(parts[i + 1]);
            }
        }
        return new WordVectors(words, vectors);
    }

    private int row(String word) {
        Integer i = index.get(word);
        if (i == null) {
            throw new IllegalArgumentException("WordVectors: no vector for '" + word + "' (" + size()
                    + " words; rare words are left out by minCount: check contains(word) first)");
        }
        return i;
    }

    private static double cosine(float[] a, double na, float[] b, double nb) {
        return na == 0 || nb == 0 ? 0 : dot(a, b) / (na * nb);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** The unit eigenvector of the largest eigenvalue of a symmetric positive semi-definite matrix. */
    private static double[] topEigenvector(double[][] c) {
        int d = c.length;
        double[] e = new double[d];
        java.util.Arrays.fill(e, 1 / Math.sqrt(d));
        for (int iteration = 0; iteration < 500; iteration++) {
            double[] next = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    next[i] += c[i][j] * e[j];
                }
            }
            double norm = 0;
            for (double v : next) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return e;
            }
            double change = 0;
            for (int i = 0; i < d; i++) {
                next[i] /= norm;
                change += Math.abs(next[i] - e[i]);
            }
            e = next;
            if (change < 1e-10) {
                break;
            }
        }
        return e;
    }

    @Override
    public String toString() {
        return "WordVectors(" + size() + " words, dim " + dim() + ")";
    }
}
