// Writes the grapheme clusters that doccano's editor counts in a
// grapheme-mode project, for annotate/format's referee test
// (testdata/doccano-graphemes.json). doccano's frontend (v-annotator
// 0.1.28) splits text with the grapheme-splitter npm package, 1.0.4:
//
//   cd /tmp && npm install grapheme-splitter@1.0.4
//   NODE_PATH=/tmp/node_modules node scripts/referee/doccano-graphemes.js \
//     > annotate/format/testdata/doccano-graphemes.json
const GraphemeSplitter = require("grapheme-splitter");
const splitter = new GraphemeSplitter();
const texts = [
  "北京大學在海淀。",
  "第一行\r\n第二行\r\n北京",
  "a\r\n𠮷b",
  "👍张三在𠮷野家吃饭。",
  "李四去了北京！👨‍👩‍👧 好？",
  "联合国🇺🇳旗帜下，👩‍👩‍👧一家人去了𠀀村。",
  "Café Zoë (Zoe\u0301) 在巴黎　开会。",
  "👏🏻 鼓掌，🏳️‍🌈 旗，❤️ 心",
  "한국어 텍스트: 한글",
  "\u1100\u1161\u11a8 jamo",
  "क्षत्रिय हिन्दी",
  "2025年9月23日，张伟（Zhang Wei）在台北101发表演说👏🏻，𠮷野家到场。",
  "tab\tand\u200dzwj\ufe0fvs16",
  "\r\r\n\n",
];
const out = texts.map((text) => {
  const clusters = splitter.splitGraphemes(text);
  // UTF-16 offsets of each cluster boundary, 0 and text.length included.
  const bounds = [0];
  let at = 0;
  for (const c of clusters) {
    at += c.length;
    bounds.push(at);
  }
  return { text, utf16_bounds: bounds };
});
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
