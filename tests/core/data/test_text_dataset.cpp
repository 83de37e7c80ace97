#include "data/text_dataset.h"
#include "data/utf8.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

// The text loaders on small hand-made files: colour codes and separators stripped, UTF-8
// multi-byte characters kept whole, and the held-out part disjoint from the training part.
namespace {

void write(const QString& path, const std::string& bytes) {
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

// The characters a split's windows cover, in order: each window's x, then its label, with
// the character shared by two neighbouring windows (one's label, the next's first) once.
std::u32string covered(const sl::Dataset& d) {
    std::u32string text;
    const auto character = [&](int id) {
        return sl::decodeUtf8(d.classNames[static_cast<std::size_t>(id)], "vocab")[0];
    };
    for (int w = 0; w < d.count(); ++w) {
        for (int t = (w == 0 ? 0 : 1); t < d.features(); ++t)
            text += character(static_cast<int>(d.x(t, w)));
        text += character(d.labels[static_cast<std::size_t>(w)]);
    }
    return text;
}

}  // namespace

class TestTextDataset : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void decodesMultiByteCharactersWhole() {
        const std::u32string text = sl::decodeUtf8("a唐é😀", "t");
        QCOMPARE(text.size(), std::size_t(4));
        QCOMPARE(static_cast<std::uint32_t>(text[1]), 0x5510u);
        QCOMPARE(static_cast<std::uint32_t>(text[3]), 0x1F600u);
        QCOMPARE(sl::encodeUtf8(text), std::string("a唐é😀"));
    }

    void invalidUtf8NamesFileAndOffset() {
        const QString path = m_dir.filePath("bad.txt");
        write(path, std::string("ok \xe5\x94 x", 6));  // a 3-byte character cut at offset 3
        try {
            sl::loadNamedText("text", path.toStdString());
            QFAIL("expected a DataError");
        } catch (const sl::DataError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(path.toStdString()) != std::string::npos, e.what());
            QVERIFY2(what.find("byte offset 3") != std::string::npos, e.what());
        }
        for (const std::string& bad : {std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
                                       std::string("\x80"), std::string("ab\xe5")})
            QVERIFY_THROWS_EXCEPTION(sl::DataError, sl::decodeUtf8(bad, "t"));
    }

    void stripsColourCodesAndSeparators() {
        const std::string fortune =
            "\x1b[32m《静夜思》\x1b[m\n\x1b[33m作者：李白\x1b[m\n床前明月光，\n%\n100% sure\n%\n";
        const std::string plain = sl::stripFortuneMarkup(fortune);
        QCOMPARE(plain, std::string("《静夜思》\n作者：李白\n床前明月光，\n\n100% sure\n\n"));
    }

    void namedSetsReadFortuneFilesAndNameTheirPackage() {
        QTemporaryDir empty;
        try {
            sl::loadNamedText("tang-poems", empty.path().toStdString());
            QFAIL("expected a DataError");
        } catch (const sl::DataError& e) {
            QVERIFY2(std::string(e.what()).find("fortunes-zh") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("tang300") != std::string::npos, e.what());
        }
        QTemporaryDir dir;
        write(dir.filePath("tang300"), "\x1b[32m春晓\x1b[m\n%\n");
        write(dir.filePath("song100"), "词\n");
        const std::u32string text = sl::loadNamedText("tang-poems", dir.path().toStdString());
        QCOMPARE(sl::encodeUtf8(text), std::string("春晓\n\n词\n"));
        QVERIFY_THROWS_EXCEPTION(sl::DataError, sl::loadNamedText("text", ""));
    }

    void windowsCoverTheTextAndTheHeldOutTailIsDisjoint() {
        // 101 characters, 5 distinct: the held-out part is the last 10 (10 %).
        std::string bytes;
        const char* pieces[] = {"春", "a", "晓", "b", "\n"};
        for (int i = 0; i < 101; ++i) bytes += pieces[(i * 7 + i / 3) % 5];
        const QString path = m_dir.filePath("small.txt");
        write(path, bytes);
        const std::u32string text = sl::decodeUtf8(bytes, "t");
        const sl::TrainTestSplit split = sl::loadTextData("text", path.toStdString(), 4);

        QCOMPARE(split.train.numClasses, 5);
        QCOMPARE(split.train.classNames.size(), std::size_t(5));
        QCOMPARE(split.train.classNames[3], std::string("春"));  // sorted by code point
        QCOMPARE(split.train.classNames[0], std::string("\n"));
        QCOMPARE(split.train.features(), 4);
        // Training part: 91 characters, windows of 5 every 4: (91 - 1) / 4 = 22.
        QCOMPARE(split.train.count(), 22);
        QCOMPARE(split.test.count(), (10 - 1) / 4);
        const std::u32string train = covered(split.train);
        const std::u32string heldOut = covered(split.test);
        QCOMPARE(train.size(), std::size_t(22 * 4 + 1));
        QVERIFY(train == text.substr(0, train.size()));
        QVERIFY(heldOut == text.substr(91, heldOut.size()));  // starts after the cut
        QVERIFY(train.size() <= 91);
    }

    void tooShortTextIsRefusedByName() {
        const QString path = m_dir.filePath("short.txt");
        write(path, "abcdefghij");
        try {
            sl::loadTextData("text", path.toStdString(), 8);
            QFAIL("expected a DataError");
        } catch (const sl::DataError& e) {
            QVERIFY2(std::string(e.what()).find("model.context") != std::string::npos, e.what());
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestTextDataset)
#include "test_text_dataset.moc"
