package dev.qnet.core;

import java.util.List;

/**
 * The 2D MedMNIST subsets (medmnist/info.py v3.0.2): channels, classes and class names
 * (index = label). The compiler checks datasets against it, the runtime names classes and
 * validates labels with it; download URLs and md5s stay with the runtime's fetcher.
 */
public enum MedMnist implements Keyword {
    PATHMNIST(3, List.of("adipose", "background", "debris", "lymphocytes", "mucus", "smooth muscle",
            "normal colon mucosa", "cancer-associated stroma", "colorectal adenocarcinoma epithelium")),
    /** Multi-label (14 findings); qnet trains it as a binary task, with unnamed classes. */
    CHESTMNIST(1, 2),
    DERMAMNIST(3, List.of("actinic keratoses and intraepithelial carcinoma", "basal cell carcinoma",
            "benign keratosis-like lesions", "dermatofibroma", "melanoma", "melanocytic nevi", "vascular lesions")),
    OCTMNIST(1, List.of("choroidal neovascularization", "diabetic macular edema", "drusen", "normal")),
    PNEUMONIAMNIST(1, List.of("normal", "pneumonia")),
    RETINAMNIST(3, List.of("0", "1", "2", "3", "4")),
    BREASTMNIST(1, List.of("malignant", "normal, benign")),
    BLOODMNIST(3, List.of("basophil", "eosinophil", "erythroblast", "immature granulocytes", "lymphocyte",
            "monocyte", "neutrophil", "platelet")),
    TISSUEMNIST(1, List.of("Collecting Duct, Connecting Tubule", "Distal Convoluted Tubule",
            "Glomerular endothelial cells", "Interstitial endothelial cells", "Leukocytes", "Podocytes",
            "Proximal Tubule Segments", "Thick Ascending Limb")),
    ORGANAMNIST(1, Organs.NAMES),
    ORGANCMNIST(1, Organs.NAMES),
    ORGANSMNIST(1, Organs.NAMES);

    /** Image sides MedMNIST is released in. */
    public static final List<Integer> SIZES = List.of(28, 64, 128, 224);

    private final int channels;
    private final int classes;
    private final List<String> classNames;

    MedMnist(int channels, List<String> classNames) {
        this.channels = channels;
        this.classes = classNames.size();
        this.classNames = classNames;
    }

    MedMnist(int channels, int unnamedClasses) {
        this.channels = channels;
        this.classes = unnamedClasses;
        this.classNames = List.of();
    }

    public int channels() {
        return channels;
    }

    public int classes() {
        return classes;
    }

    /** The names of the classes by label, or empty when the set does not name them. */
    public List<String> classNames() {
        return classNames;
    }

    /** The three organ sets share their eleven labels. */
    private static final class Organs {
        static final List<String> NAMES = List.of("bladder", "femur-left", "femur-right", "heart", "kidney-left",
                "kidney-right", "liver", "lung-left", "lung-right", "pancreas", "spleen");
    }
}
