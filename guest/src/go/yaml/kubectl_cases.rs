//! ConfigMaps as kubectl v1.32.4 prints them with `patch --local -o yaml`, next to the JSON it
//! marshals for them (`-o json`): the emitter against the real thing, fifty cases.

use super::to_yaml;
use crate::go::json::parse;

/// (case, kubectl's JSON, kubectl's YAML)
const CASES: &[(&str, &str, &str)] = &[
    (
        "bool and null words",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"Yes\",\"b\":\"yes\",\"c\":\"ON\",\"d\":\"off\",\"e\":\"N\",\"f\":\"y\",\"g\":\"~\",\"h\":\"null\",\"i\":\"NULL\",\"j\":\"true\",\"k\":\"yEs\",\"l\":\"n\",\"m\":\"Off\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-0\"}}",
        "apiVersion: v1\ndata:\n  a: \"Yes\"\n  b: \"yes\"\n  c: \"ON\"\n  d: \"off\"\n  e: \"N\"\n  f: \"y\"\n  g: \"~\"\n  h: \"null\"\n  i: \"NULL\"\n  j: \"true\"\n  k: yEs\n  l: \"n\"\n  m: \"Off\"\nkind: ConfigMap\nmetadata:\n  name: case-0\n",
    ),
    (
        "number-like strings",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"0x1f\",\"b\":\"0o17\",\"c\":\"0b101\",\"d\":\"012\",\"e\":\"09\",\"f\":\"1_000\",\"g\":\"1e3\",\"h\":\".5\",\"i\":\"5.\",\"j\":\"+1\",\"k\":\"-0\",\"l\":\"0b-101\",\"m\":\"0x\",\"n\":\"._5\",\"o\":\".5_5\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-1\"}}",
        "apiVersion: v1\ndata:\n  a: \"0x1f\"\n  b: \"0o17\"\n  c: \"0b101\"\n  d: \"012\"\n  e: \"09\"\n  f: \"1_000\"\n  g: \"1e3\"\n  h: \".5\"\n  i: \"5.\"\n  j: \"+1\"\n  k: \"-0\"\n  l: \"0b-101\"\n  m: 0x\n  \"n\": ._5\n  o: \".5_5\"\nkind: ConfigMap\nmetadata:\n  name: case-1\n",
    ),
    (
        "special floats",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\".inf\",\"b\":\"-.Inf\",\"c\":\".NaN\",\"d\":\".iNf\",\"e\":\"+.inf\",\"f\":\"1e400\",\"g\":\"18446744073709551616\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-2\"}}",
        "apiVersion: v1\ndata:\n  a: \".inf\"\n  b: \"-.Inf\"\n  c: \".NaN\"\n  d: .iNf\n  e: \"+.inf\"\n  f: 1e400\n  g: \"18446744073709551616\"\nkind: ConfigMap\nmetadata:\n  name: case-2\n",
    ),
    (
        "sexagesimal",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1:20\",\"b\":\"190:20:30.15\",\"c\":\"1:60\",\"d\":\"-1_0:59.\",\"e\":\"a:20\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-3\"}}",
        "apiVersion: v1\ndata:\n  a: \"1:20\"\n  b: \"190:20:30.15\"\n  c: 1:60\n  d: \"-1_0:59.\"\n  e: a:20\nkind: ConfigMap\nmetadata:\n  name: case-3\n",
    ),
    (
        "timestamps",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"2024-05-01\",\"b\":\"2001-12-14t21:59:43.10-05:00\",\"c\":\"2001-12-14 21:59:43.10\",\"d\":\"2023-02-29\",\"e\":\"2024-02-29\",\"f\":\"2001-12-14T21:59:43\",\"g\":\"2001-12-14   21:59:43,5\",\"h\":\"2001-12-14T1:2:3+25:00\",\"i\":\"2001-12-14T1:2:3.123456789012Z\",\"j\":\"2024-13-01\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-4\"}}",
        "apiVersion: v1\ndata:\n  a: \"2024-05-01\"\n  b: \"2001-12-14t21:59:43.10-05:00\"\n  c: \"2001-12-14 21:59:43.10\"\n  d: 2023-02-29\n  e: \"2024-02-29\"\n  f: 2001-12-14T21:59:43\n  g: \"2001-12-14   21:59:43,5\"\n  h: 2001-12-14T1:2:3+25:00\n  i: \"2001-12-14T1:2:3.123456789012Z\"\n  j: 2024-13-01\nkind: ConfigMap\nmetadata:\n  name: case-4\n",
    ),
    (
        "merge key and tags",
        "{\"apiVersion\":\"v1\",\"data\":{\"!!str\":\"!x\",\"\\u003c\\u003c\":\"\\u003c\\u003c\",\"=\":\"=\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-5\"}}",
        "apiVersion: v1\ndata:\n  '!!str': '!x'\n  <<: <<\n  =: =\nkind: ConfigMap\nmetadata:\n  name: case-5\n",
    ),
    (
        "block indicators",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"- a\",\"b\":\"-a\",\"c\":\": b\",\"d\":\"a: b\",\"e\":\"a #b\",\"f\":\"#x\",\"g\":\"?x\",\"h\":\"? x\",\"i\":\"a:b\",\"j\":\"x:\",\"k\":\"a#b\",\"l\":\"-\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-6\"}}",
        "apiVersion: v1\ndata:\n  a: '- a'\n  b: -a\n  c: ': b'\n  d: 'a: b'\n  e: 'a #b'\n  f: '#x'\n  g: ?x\n  h: '? x'\n  i: a:b\n  j: 'x:'\n  k: a#b\n  l: '-'\nkind: ConfigMap\nmetadata:\n  name: case-6\n",
    ),
    (
        "flow indicators",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"[\",\"b\":\"{\",\"c\":\"\\u0026a\",\"d\":\"*a\",\"e\":\"!x\",\"f\":\"|\",\"g\":\"\\u003e\",\"h\":\"'\",\"i\":\"\\\"\",\"j\":\"%\",\"k\":\"@\",\"l\":\"`\",\"m\":\"a,b\",\"n\":\"{a: b}\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-7\"}}",
        "apiVersion: v1\ndata:\n  a: '['\n  b: '{'\n  c: '&a'\n  d: '*a'\n  e: '!x'\n  f: '|'\n  g: '>'\n  h: ''''\n  i: '\"'\n  j: '%'\n  k: '@'\n  l: '`'\n  m: a,b\n  \"n\": '{a: b}'\nkind: ConfigMap\nmetadata:\n  name: case-7\n",
    ),
    (
        "document markers",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"---\",\"b\":\"...\",\"c\":\"--- x\",\"d\":\"----\",\"e\":\"...x\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-8\"}}",
        "apiVersion: v1\ndata:\n  a: '---'\n  b: '...'\n  c: '--- x'\n  d: '----'\n  e: '...x'\nkind: ConfigMap\nmetadata:\n  name: case-8\n",
    ),
    (
        "spaces",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\" lead\",\"b\":\"trail \",\"c\":\"a  b\",\"d\":\" \",\"e\":\"\",\"f\":\"   \"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-9\"}}",
        "apiVersion: v1\ndata:\n  a: ' lead'\n  b: 'trail '\n  c: a  b\n  d: ' '\n  e: \"\"\n  f: '   '\nkind: ConfigMap\nmetadata:\n  name: case-9\n",
    ),
    (
        "line breaks",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"a\\nb\",\"b\":\"a\\n\",\"c\":\"a\\n\\n\",\"d\":\"\\na\",\"e\":\"\\n\",\"f\":\"a\\r\\nb\",\"g\":\"a\\rb\",\"h\":\"a\\n\\n\\nb\\n\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-10\"}}",
        "apiVersion: v1\ndata:\n  a: |-\n    a\n    b\n  b: |\n    a\n  c: |+\n    a\n\n  d: |2-\n\n    a\n  e: |2+\n\n  f: \"a\\r\\nb\"\n  g: \"a\\rb\"\n  h: |\n    a\n\n\n    b\nkind: ConfigMap\nmetadata:\n  name: case-10\n",
    ),
    (
        "literal indentation hints",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\" a\\nb\",\"b\":\"\\n\\nx\",\"c\":\"  two\\n\",\"d\":\" \\n\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-11\"}}",
        "apiVersion: v1\ndata:\n  a: |2-\n     a\n    b\n  b: |2-\n\n\n    x\n  c: |2\n      two\n  d: \" \\n\"\nkind: ConfigMap\nmetadata:\n  name: case-11\n",
    ),
    (
        "tabs and controls",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"a\\tb\",\"b\":\"\\u0000\",\"c\":\"\\u0007\\u001b\\b\\f\\u000b\",\"d\":\"tab\\tline\\nx\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-12\"}}",
        "apiVersion: v1\ndata:\n  a: \"a\\tb\"\n  b: \"\\0\"\n  c: \"\\a\\e\\b\\f\\v\"\n  d: \"tab\\tline\\nx\"\nkind: ConfigMap\nmetadata:\n  name: case-12\n",
    ),
    (
        "non-ascii",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"é\",\"b\":\"🔑\",\"c\":\"a\u{a0}b\",\"d\":\"字٣²ª\",\"e\":\"\u{e000}�\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-13\"}}",
        "apiVersion: v1\ndata:\n  a: é\n  b: \"\\U0001F511\"\n  c: a\u{a0}b\n  d: 字٣²ª\n  e: \u{e000}�\nkind: ConfigMap\nmetadata:\n  name: case-13\n",
    ),
    (
        "line and paragraph separators",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"a\\u2028b\",\"b\":\"a\\u2029\",\"c\":\"x\\u2028y\\nz\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-14\"}}",
        "apiVersion: v1\ndata:\n  a: 'a\u{2028}    b'\n  b: 'a\u{2029}'\n  c: |-\n    x\u{2028}    y\n    z\nkind: ConfigMap\nmetadata:\n  name: case-14\n",
    ),
    (
        "next line is folded on reading",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"a\u{85}b\",\"b\":\"x  \u{85}  y\u{85}\u{85}z\",\"c\":\"end\u{85}\",\"d\":\"\u{85}---x\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-15\"}}",
        "apiVersion: v1\ndata:\n  a: a b\n  b: |-\n    x y\n    z\n  c: 'end '\n  d: ' ---x'\nkind: ConfigMap\nmetadata:\n  name: case-15\n",
    ),
    (
        "byte order mark",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"\u{feff}ab c\",\"b\":\"a\u{feff}b\",\"c\":\"\u{feff}\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-16\"}}",
        "apiVersion: v1\ndata:\n  a: \"\\uFEFF\\x61\\x62\\x20\\x63\"\n  b: \"a\\uFEFFb\"\n  c: \"\\uFEFF\"\nkind: ConfigMap\nmetadata:\n  name: case-16\n",
    ),
    (
        "long plain value folds",
        "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-17\"}}",
        "apiVersion: v1\ndata:\n  k: lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor\n    incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud\nkind: ConfigMap\nmetadata:\n  name: case-17\n",
    ),
    (
        "long word does not fold",
        "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-18\"}}",
        "apiVersion: v1\ndata:\n  k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nkind: ConfigMap\nmetadata:\n  name: case-18\n",
    ),
    (
        "double spaces near the fold",
        "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo  pppp qqqq  rrrr ssss tttt uuuu vvvv wwww\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-19\"}}",
        "apiVersion: v1\ndata:\n  k: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo  pppp\n    qqqq  rrrr ssss tttt uuuu vvvv wwww\nkind: ConfigMap\nmetadata:\n  name: case-19\n",
    ),
    (
        "long single-quoted folds",
        "{\"apiVersion\":\"v1\",\"data\":{\"k\":\" leading space then many words that go on and on past the eightieth column of the line it's on \"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-20\"}}",
        "apiVersion: v1\ndata:\n  k: ' leading space then many words that go on and on past the eightieth column of\n    the line it''s on '\nkind: ConfigMap\nmetadata:\n  name: case-20\n",
    ),
    (
        "long double-quoted folds",
        "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"tab\\there then words words words words words words words words words words  words words  words words words\\u0001\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-21\"}}",
        "apiVersion: v1\ndata:\n  k: \"tab\\there then words words words words words words words words words words  words\n    words  words words words\\x01\"\nkind: ConfigMap\nmetadata:\n  name: case-21\n",
    ),
    (
        "long literal does not fold",
        "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"first line\\nsecond line with many words that run past the eightieth column without any folding at all\\n\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-22\"}}",
        "apiVersion: v1\ndata:\n  k: |\n    first line\n    second line with many words that run past the eightieth column without any folding at all\nkind: ConfigMap\nmetadata:\n  name: case-22\n",
    ),
    (
        "simple key limit",
        "{\"apiVersion\":\"v1\",\"data\":{\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":\"128\",\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":\"129\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-23\"}}",
        "apiVersion: v1\ndata:\n  kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: \"128\"\n  ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n  : \"129\"\nkind: ConfigMap\nmetadata:\n  name: case-23\n",
    ),
    (
        "long key with spaces",
        "{\"apiVersion\":\"v1\",\"data\":{\"a key with many words that go past the eightieth column and well past the simple key limit of bytes\":\"v\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-24\"}}",
        "apiVersion: v1\ndata:\n  a key with many words that go past the eightieth column and well past the simple key limit of bytes: v\nkind: ConfigMap\nmetadata:\n  name: case-24\n",
    ),
    (
        "multiline keys",
        "{\"apiVersion\":\"v1\",\"data\":{\"\\tk\":\"t\",\"a\\nb\":\"v\",\"c\\u2028d\":\"u\",\"x\\n\":\"w\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-25\"}}",
        "apiVersion: v1\ndata:\n  \"\\tk\": t\n  ? |-\n    a\n    b\n  : v\n  ? 'c\u{2028}    d'\n  : u\n  ? |\n    x\n  : w\nkind: ConfigMap\nmetadata:\n  name: case-25\n",
    ),
    (
        "quoted keys",
        "{\"apiVersion\":\"v1\",\"data\":{\"\":\"6\",\" k\":\"7\",\"- k\":\"4\",\"1e3\":\"3\",\"k: v\":\"5\",\"true\":\"2\",\"y\":\"1\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-26\"}}",
        "apiVersion: v1\ndata:\n  \"\": \"6\"\n  ' k': \"7\"\n  '- k': \"4\"\n  \"1e3\": \"3\"\n  'k: v': \"5\"\n  \"true\": \"2\"\n  \"y\": \"1\"\nkind: ConfigMap\nmetadata:\n  name: case-26\n",
    ),
    (
        "key order",
        "{\"apiVersion\":\"v1\",\"data\":{\"-\":\"\",\"1\":\"\",\"10\":\"\",\"9\":\"\",\"A\":\"\",\"Z\":\"\",\"_x\":\"\",\"a001\":\"\",\"a01\":\"\",\"a1\":\"\",\"a10\":\"\",\"a9\":\"\",\"b\":\"\",\"é\":\"\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-27\"}}",
        "apiVersion: v1\ndata:\n  '-': \"\"\n  _x: \"\"\n  \"1\": \"\"\n  \"9\": \"\"\n  \"10\": \"\"\n  A: \"\"\n  Z: \"\"\n  a1: \"\"\n  a01: \"\"\n  a001: \"\"\n  a9: \"\"\n  a10: \"\"\n  b: \"\"\n  é: \"\"\nkind: ConfigMap\nmetadata:\n  name: case-27\n",
    ),
    (
        "key order with zeros",
        "{\"apiVersion\":\"v1\",\"data\":{\"x\":\"\",\"x0\":\"\",\"x00\":\"\",\"x001\":\"\",\"x01\":\"\",\"x010\":\"\",\"x1\":\"\",\"x10\":\"\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-28\"}}",
        "apiVersion: v1\ndata:\n  x: \"\"\n  x0: \"\"\n  x00: \"\"\n  x1: \"\"\n  x01: \"\"\n  x001: \"\"\n  x10: \"\"\n  x010: \"\"\nkind: ConfigMap\nmetadata:\n  name: case-28\n",
    ),
    (
        "annotations",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{\"example.com/config\":\"{\\\"a\\\": 1}\",\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"apiVersion\\\":\\\"v1\\\"}\\n\",\"note\":\"multi\\nline\"},\"name\":\"case-29\"}}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    example.com/config: '{\"a\": 1}'\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"apiVersion\":\"v1\"}\n    note: |-\n      multi\n      line\n  name: case-29\n",
    ),
    (
        "nested sequences",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-30\"},\"spec\":[[\"a\",[\"b\",\"c\"]],[],[[]],[{}],\"d\"]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-30\nspec:\n- - a\n  - - b\n    - c\n- []\n- - []\n- - {}\n- d\n",
    ),
    (
        "maps in sequences",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-31\"},\"spec\":[{\"j\":{\"x\":\"y\"},\"k\":\"v\"},{\"a\":[\"b\"]},{\"m\":{}},{\"n\":[]}]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-31\nspec:\n- j:\n    x: \"y\"\n  k: v\n- a:\n  - b\n- m: {}\n- \"n\": []\n",
    ),
    (
        "sequence under a key",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-32\"},\"spec\":{\"list\":[\"a\",\"b\"],\"nested\":{\"deeper\":[{\"x\":1},{\"y\":[2,3]}]}}}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-32\nspec:\n  list:\n  - a\n  - b\n  nested:\n    deeper:\n    - x: 1\n    - \"y\":\n      - 2\n      - 3\n",
    ),
    (
        "empty collections",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-33\"},\"spec\":{\"m\":{},\"mm\":{\"e\":{}},\"s\":[],\"ss\":[[]]}}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-33\nspec:\n  m: {}\n  mm:\n    e: {}\n  s: []\n  ss:\n  - []\n",
    ),
    (
        "scalars",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-34\"},\"spec\":{\"f\":false,\"n\":null,\"s\":\"str\",\"t\":true}}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-34\nspec:\n  f: false\n  \"n\": null\n  s: str\n  t: true\n",
    ),
    (
        "integers",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-35\"},\"spec\":[0,0,1,-1,9223372036854775807,-9223372036854775808,1000000]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-35\nspec:\n- 0\n- 0\n- 1\n- -1\n- 9223372036854775807\n- -9223372036854775808\n- 1000000\n",
    ),
    (
        "floats",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-36\"},\"spec\":[1,0.5,1e+21,100000000000000000000,0.000001,1e-7,-1.5e+300,5e-324,3.14159,123456.7,1234567.8]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-36\nspec:\n- 1\n- 0.5\n- 1e+21\n- 1e+20\n- 1e-06\n- 1e-07\n- -1.5e+300\n- 5e-324\n- 3.14159\n- 123456.7\n- 1.2345678e+06\n",
    ),
    (
        "float ties",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-37\"},\"spec\":[566681532287295.2,594058312045205.2,0.1,0.30000000000000004]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-37\nspec:\n- 5.666815322872952e+14\n- 5.940583120452052e+14\n- 0.1\n- 0.30000000000000004\n",
    ),
    (
        "big integers",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-38\"},\"spec\":[1.2345678901234569e+23,18446744073709552000,9223372036854776000,1000000000000000000]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-38\nspec:\n- 1.2345678901234569e+23\n- 1.8446744073709552e+19\n- 9223372036854776000\n- 1000000000000000000\n",
    ),
    (
        "numbers as keys",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-39\"},\"spec\":{\"-1\":-1,\"0\":0,\"0x10\":16,\"1.5\":1.5,\"1e3\":1000}}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-39\nspec:\n  \"-1\": -1\n  \"0\": 0\n  \"0x10\": 16\n  \"1.5\": 1.5\n  \"1e3\": 1000\n",
    ),
    (
        "strings in sequences",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-40\"},\"spec\":[\"yes\",\"- x\",\"a\\nb\",\" \",\"\",\"#\",\"long words in a sequence item that run past the eightieth column of the output line\"]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-40\nspec:\n- \"yes\"\n- '- x'\n- |-\n  a\n  b\n- ' '\n- \"\"\n- '#'\n- long words in a sequence item that run past the eightieth column of the output line\n",
    ),
    (
        "literal in sequence",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-41\"},\"spec\":[\" lead\\nx\",\"a\\n\\n\",[\"deep\\nliteral\"]]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-41\nspec:\n- |2-\n   lead\n  x\n- |+\n  a\n\n- - |-\n    deep\n    literal\n",
    ),
    (
        "long nested value",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-42\"},\"spec\":{\"a\":{\"b\":{\"c\":\"deep value with enough words in it to go past the eightieth column of the line\"}}}}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-42\nspec:\n  a:\n    b:\n      c: deep value with enough words in it to go past the eightieth column of the\n        line\n",
    ),
    (
        "long key in sequence",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-43\"},\"spec\":[{\"a very long key with many words that goes past the simple key limit of one hundred and twenty-eight bytes!\":\"v\"}]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: case-43\nspec:\n- a very long key with many words that goes past the simple key limit of one hundred and twenty-eight bytes!: v\n",
    ),
    (
        "quotes",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"it's\",\"b\":\"say \\\"hi\\\"\",\"c\":\"'quoted'\",\"d\":\"\\\"dq\\\"\",\"e\":\"back\\\\slash\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-44\"}}",
        "apiVersion: v1\ndata:\n  a: it's\n  b: say \"hi\"\n  c: '''quoted'''\n  d: '\"dq\"'\n  e: back\\slash\nkind: ConfigMap\nmetadata:\n  name: case-44\n",
    ),
    (
        "html characters",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e\",\"b\":\"a \\u003e b\",\"c\":\"x\\u0026y\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-45\"}}",
        "apiVersion: v1\ndata:\n  a: <b>&amp;</b>\n  b: a > b\n  c: x&y\nkind: ConfigMap\nmetadata:\n  name: case-45\n",
    ),
    (
        "emoji keys",
        "{\"apiVersion\":\"v1\",\"data\":{\"k🔑\":\"w\",\"🔑\":\"v\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-46\"}}",
        "apiVersion: v1\ndata:\n  \"\\U0001F511\": v\n  \"k\\U0001F511\": w\nkind: ConfigMap\nmetadata:\n  name: case-46\n",
    ),
    (
        "unicode line break in literal",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"x\\n\\u2028\",\"b\":\"\\u2029\\ny\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-47\"}}",
        "apiVersion: v1\ndata:\n  a: |+\n    x\n\u{2028}  b: |2-\n\u{2029}\n    y\nkind: ConfigMap\nmetadata:\n  name: case-47\n",
    ),
    (
        "hash and colon inside",
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"a # b\",\"b\":\"a#b\",\"c\":\"a: b: c\",\"d\":\"http://x:80/#f\",\"e\":\"k:\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"case-48\"}}",
        "apiVersion: v1\ndata:\n  a: 'a # b'\n  b: a#b\n  c: 'a: b: c'\n  d: http://x:80/#f\n  e: 'k:'\nkind: ConfigMap\nmetadata:\n  name: case-48\n",
    ),
    (
        "mixed document",
        "{\"apiVersion\":\"v1\",\"data\":{\"config.yaml\":\"key: value\\nlist:\\n- a\\n\"},\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{\"a\":\"first\",\"z\":\"last\"},\"name\":\"case-49\"},\"spec\":{\"enabled\":true,\"name\":null,\"ratio\":0.25,\"replicas\":3}}",
        "apiVersion: v1\ndata:\n  config.yaml: |\n    key: value\n    list:\n    - a\nkind: ConfigMap\nmetadata:\n  annotations:\n    a: first\n    z: last\n  name: case-49\nspec:\n  enabled: true\n  name: null\n  ratio: 0.25\n  replicas: 3\n",
    ),
];

#[test]
fn matches_kubectl() {
    assert_eq!(CASES.len(), 50);
    for (name, json, yaml) in CASES {
        let value = parse(json.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(to_yaml(&value), *yaml, "case {name:?}");
    }
}
