package org.nnlab.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractSGDTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The baseline every text classifier in the course is compared with: logistic regression on bag-of-words
 * features, trained by Tribuo (multinomial log loss, AdaGrad, mini-batches of one), not by our own code.
 *
 * <p>Each text becomes one Tribuo {@link ArrayExample}: a feature {@code "w=" + token} whose value is the
 * number of times the token occurs, plus the constant feature {@link #ANY} = 1, so that a text made only of
 * words never seen in training still gets a prediction (the class prior the model learned) instead of an
 * error. Labels are class indices {@code 0 .. k-1}; Tribuo sees them as {@link Label}s named by the class
 * names.
 *
 * <pre>{@code
 * TribuoBaseline baseline = TribuoBaseline.train(trainTokens, trainLabels, List.of("neg", "pos"));
 * ConfusionMatrix m = baseline.evaluate(testTokens, testLabels);   // renders as a table
 * }</pre>
 */
public final class TribuoBaseline {

    /** The constant feature every example carries. */
    public static final String ANY = "<any>";
    /** Default number of passes over the training data. */
    public static final int EPOCHS = 5;
    /** Default AdaGrad learning rate. */
    public static final double LEARNING_RATE = 0.1;

    private static final LabelFactory FACTORY = new LabelFactory();

    private final Model<Label> model;
    private final List<String> classNames;
    private final Map<String, Integer> classIndex = new LinkedHashMap<>();

    private TribuoBaseline(Model<Label> model, List<String> classNames) {
        this.model = model;
        this.classNames = List.copyOf(classNames);
        for (int c = 0; c < classNames.size(); c++) {
            classIndex.put(classNames.get(c), c);
        }
    }

    /** Trains with classes named "0", "1", ... up to the largest label, {@value #EPOCHS} epochs, seed 1. */
    public static TribuoBaseline train(List<List<String>> tokens, int[] labels) {
        int max = 0;
        for (int y : labels) {
            max = Math.max(max, y);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            names.add(Integer.toString(c));
        }
        return train(tokens, labels, names);
    }

    /** Trains with the given class names, {@value #EPOCHS} epochs, seed 1. */
    public static TribuoBaseline train(List<List<String>> tokens, int[] labels, List<String> classNames) {
        return train(tokens, labels, classNames, EPOCHS, 1L);
    }

    /**
     * Trains logistic regression on the bag of words of each text.
     *
     * @param tokens     the tokens of each training text
     * @param labels     the class of each text, {@code 0 .. classNames.size()-1}
     * @param classNames the name of each class, used by Tribuo and in the tables
     * @param epochs     passes over the training data
     * @param seed       Tribuo's seed for shuffling; the same seed gives the same model
     */
    public static TribuoBaseline train(List<List<String>> tokens, int[] labels, List<String> classNames,
            int epochs, long seed) {
        if (classNames == null || classNames.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two classes, got " + classNames);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        checkTexts(tokens, labels, classNames.size());
        MutableDataset<Label> data = dataset(tokens, labels, classNames, "nnlab bag-of-words training set");
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(LEARNING_RATE, 0.1),
                epochs, -1, 1, seed);
        // Tribuo announces every training run at INFO level; in a notebook that is red text under the cell.
        Logger log = Logger.getLogger(AbstractSGDTrainer.class.getName());
        Level before = log.getLevel();
        log.setLevel(Level.WARNING);
        try {
            return new TribuoBaseline(trainer.train(data), classNames);
        } finally {
            log.setLevel(before);
        }
    }

    /** The Tribuo model, for anything this class does not show (weights, provenance). */
    public Model<Label> model() {
        return model;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The predicted class of one text. */
    public int predict(List<String> tokens) {
        Prediction<Label> p = model.predict(example(tokens, null));
        return classIndex.get(p.getOutput().getLabel());
    }

    /** The predicted class of each text. */
    public int[] predictAll(List<List<String>> texts) {
        int[] out = new int[texts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predict(texts.get(i));
        }
        return out;
    }

    /** The probability of each class for one text, indexed like {@link #classNames()}. */
    public double[] probabilities(List<String> tokens) {
        Prediction<Label> p = model.predict(example(tokens, null));
        double[] out = new double[classNames.size()];
        for (Map.Entry<String, Label> e : p.getOutputScores().entrySet()) {
            Integer c = classIndex.get(e.getKey());
            if (c != null) {
                out[c] = e.getValue().getScore();
            }
        }
        return out;
    }

    /** Predicts every text and returns our confusion matrix, which renders as tables. */
    public ConfusionMatrix evaluate(List<List<String>> tokens, int[] labels) {
        checkTexts(tokens, labels, classNames.size());
        return ConfusionMatrix.of(predictAll(tokens), labels, classNames);
    }

    /** Tribuo's own evaluation ({@link LabelEvaluator}) of the texts; {@code toString()} prints its report. */
    public LabelEvaluation tribuoEvaluation(List<List<String>> tokens, int[] labels) {
        checkTexts(tokens, labels, classNames.size());
        MutableDataset<Label> data = dataset(tokens, labels, classNames, "nnlab bag-of-words evaluation set");
        return new LabelEvaluator().evaluate(model, data);
    }

    /**
     * Tribuo's evaluation as our confusion matrix, so it renders like every other result. Classes are taken
     * in the order of {@code classNames}; a class Tribuo never saw has zero counts.
     */
    public static ConfusionMatrix toConfusionMatrix(LabelEvaluation evaluation, List<String> classNames) {
        org.tribuo.classification.evaluation.ConfusionMatrix<Label> tribuo = evaluation.getConfusionMatrix();
        var domain = tribuo.getDomain();
        int k = classNames.size();
        int[][] counts = new int[k][k];
        for (int t = 0; t < k; t++) {
            Label truth = new Label(classNames.get(t));
            for (int p = 0; p < k; p++) {
                Label predicted = new Label(classNames.get(p));
                if (domain.getID(truth) >= 0 && domain.getID(predicted) >= 0) {
                    // Tribuo's argument order is (predicted, truth).
                    counts[t][p] = (int) Math.round(tribuo.confusion(predicted, truth));
                }
            }
        }
        return ConfusionMatrix.fromCounts(counts, classNames);
    }

    /** Bag-of-words counts of one text as a Tribuo example; {@code label} may be null when unknown. */
    static ArrayExample<Label> example(List<String> tokens, Label label) {
        Map<String, Integer> bag = new LinkedHashMap<>();
        for (String token : tokens) {
            bag.merge("w=" + token, 1, Integer::sum);
        }
        String[] names = new String[bag.size() + 1];
        double[] values = new double[names.length];
        int i = 0;
        for (Map.Entry<String, Integer> e : bag.entrySet()) {
            names[i] = e.getKey();
            values[i++] = e.getValue();
        }
        names[i] = ANY;
        values[i] = 1;
        return new ArrayExample<>(label == null ? LabelFactory.UNKNOWN_LABEL : label, names, values);
    }

    private static MutableDataset<Label> dataset(List<List<String>> tokens, int[] labels, List<String> classNames,
            String description) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(description, FACTORY),
                FACTORY);
        List<Example<Label>> examples = new ArrayList<>(tokens.size());
        for (int i = 0; i < labels.length; i++) {
            examples.add(example(tokens.get(i), new Label(classNames.get(labels[i]))));
        }
        data.addAll(examples);
        return data;
    }

    private static void checkTexts(List<List<String>> tokens, int[] labels, int numClasses) {
        if (tokens == null || labels == null) {
            throw new IllegalArgumentException("texts and labels must not be null");
        }
        if (tokens.size() != labels.length) {
            throw new IllegalArgumentException("there are " + tokens.size() + " texts but " + labels.length
                    + " labels; each text needs exactly one label");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no texts: the data is empty");
        }
        Metrics.checkRange(labels, numClasses, "label of text");
    }

    @Override
    public String toString() {
        return "TribuoBaseline(logistic regression on bag of words, classes " + classNames + ", "
                + model.getFeatureIDMap().size() + " features)";
    }
}
