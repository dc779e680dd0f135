/* glossa search: full-text search of a glossa site in the browser, without a server.
 *
 * Reads the static index under <base>/search/ (written by `glossa build`, format in
 * src/index/browser.rs) and ranks like `glossa search`: the same analysis (split on
 * anything but letters and digits, lower-case, fold to ASCII, English Snowball stemmer),
 * the same BM25 in 32-bit floats with the same field boosts, the same typo tolerance.
 * A query fetches index.json once, then only the shards its words need.
 * No dependencies, no build step. In node, `require` it to use the analysis. */
(function (root) {
  'use strict';

  // ---------------------------------------------------------------- analysis

  const ALNUM = /^[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]$/u;
  const ASCII = /^[\x00-\x7f]*$/;
  // tantivy's AsciiFoldingFilter for every character a lower-cased word can hold, grouped
  // by result (regenerate with `cargo run --example fold_table`).
  const FOLD_BY_RESULT = {"(1)":"⑴","(10)":"⑽","(11)":"⑾","(12)":"⑿","(13)":"⒀","(14)":"⒁","(15)":"⒂","(16)":"⒃","(17)":"⒄","(18)":"⒅","(19)":"⒆","(2)":"⑵","(20)":"⒇","(3)":"⑶","(4)":"⑷","(5)":"⑸","(6)":"⑹","(7)":"⑺","(8)":"⑻","(9)":"⑼","0":"⁰₀⓪⓿０","1":"¹₁①⓵❶➀➊１","1.":"⒈","10":"⑩⓾❿➉➓","10.":"⒑","11":"⑪⓫","11.":"⒒","12":"⑫⓬","12.":"⒓","13":"⑬⓭","13.":"⒔","14":"⑭⓮","14.":"⒕","15":"⑮⓯","15.":"⒖","16":"⑯⓰","16.":"⒗","17":"⑰⓱","17.":"⒘","18":"⑱⓲","18.":"⒙","19":"⑲⓳","19.":"⒚","2":"²₂②⓶❷➁➋２","2.":"⒉","20":"⑳⓴","20.":"⒛","3":"³₃③⓷❸➂➌３","3.":"⒊","4":"⁴₄④⓸❹➃➍４","4.":"⒋","5":"⁵₅⑤⓹❺➄➎５","5.":"⒌","6":"⁶₆⑥⓺❻➅➏６","6.":"⒍","7":"⁷₇⑦⓻❼➆➐７","7.":"⒎","8":"⁸₈⑧⓼❽➇➑８","8.":"⒏","9":"⁹₉⑨⓽❾➈➒９","9.":"⒐","A":"ᴀ","AE":"ᴁ","B":"ʙᴃ","C":"ʗᴄ","D":"ᴅᴆ","E":"ᴇⱻ","F":"ꜰꟻ","G":"ǥǧɢʛ","H":"ʜ","I":"ɪᵻꟾ","J":"ᴊ","K":"ᴋ","L":"ʟᴌ","M":"ᴍꟽꟿ","N":"ɴᴎ","O":"ᴏᴐ","OE":"ɶ","OU":"ᴕ","P":"ᴘ","R":"ʀʁᴙᴚ","S":"ꜱꞅ","T":"ᴛ","U":"ᴜᵾ","V":"ᴠ","W":"ᴡ","Y":"ʏ","Z":"ᴢ","a":"àáâãäåāăąəǎǟǡǻȁȃȧⱥɐɚᶏᶕḁẚạảấầẩẫậắằẳẵặₐₔⓐａ","aa":"ꜳ","ae":"æǣǽᴂ","ao":"ꜵ","au":"ꜷ","av":"ꜹꜻ","ay":"ꜽ","b":"ƀɓƃᵬᶀḃḅḇⓑｂ","c":"çćĉċčƈȼɕḉↄⓒꜿｃ","d":"ðďđɖɗƌȡᵭᶁᶑḋḍḏḑḓⓓꝺｄ","db":"ȸ","dz":"ǆǳʣʥ","e":"èéêëēĕėęěǝɛȅȇȩɇɘɜɝɞʚᴈᶒᶓᶔḕḗḙḛḝẹẻẽếềểễệₑⓔⱸｅ","f":"ƒᵮᶂḟẛⓕꝼｆ","ff":"ﬀ","ffi":"ﬃ","ffl":"ﬄ","fi":"ﬁ","fl":"ﬂ","g":"ĝğġģɠǵɡᵷᵹᶃḡⓖꝿｇ","h":"ĥħȟɥɦʮʯḣḥḧḩḫẖⓗⱨⱶｈ","hv":"ƕ","i":"ìíîïĩīĭįıɨǐȉȋᴉᵢᵼᶖḭḯỉịⁱⓘｉ","ij":"ĳ","j":"ĵǰȷɉɟʄʝⓙⱼｊ","k":"ķƙǩʞᶄḱḳḵⓚⱪꝁꝃꝅｋ","l":"ĺļľŀłƚȴɫɬɭᶅḷḹḻḽⓛⱡꝇꝉꞁｌ","lj":"ǉ","ll":"ỻ","ls":"ʪ","lz":"ʫ","m":"ɯɰɱᵯᶆḿṁṃⓜｍ","n":"ñńņňŉŋɲƞǹȵɳᵰᶇṅṇṉṋⁿⓝｎ","nj":"ǌ","o":"òóôõöøōŏőɔɵơǒǫǭǿȍȏȫȭȯȱᴖᴗᶗṍṏṑṓọỏốồổỗộớờởỡợₒⓞⱺꝋꝍｏ","oe":"œᴔ","oo":"ꝏ","ou":"ȣ","p":"ƥᵱᵽᶈṕṗⓟꝑꝓꝕꟼｐ","q":"ĸɋʠⓠꝗꝙｑ","qp":"ȹ","r":"ŕŗřȑȓɍɼɽɾɿᵣᵲᵳᶉṙṛṝṟⓡꝛꞃｒ","s":"śŝşšſșȿʂᵴᶊṡṣṥṧṩẜẝⓢｓ","ss":"ß","st":"ﬆ","t":"ţťŧƫƭʈțȶⱦʇᵵṫṭṯṱẗⓣｔ","tc":"ʨ","th":"þᵺꝧ","ts":"ʦ","tz":"ꜩ","u":"ùúûüũūŭůűųưǔǖǘǚǜȕȗʉᵤᶙṳṵṷṹṻụủứừửữựⓤｕ","ue":"ᵫ","v":"ʋʌᵥᶌṽṿⓥⱱⱴꝟｖ","vy":"ꝡ","w":"ŵƿʍẁẃẅẇẉẘⓦⱳｗ","x":"ᶍẋẍₓⓧｘ","y":"ýÿŷƴȳɏʎẏẙỳỵỷỹỿⓨｙ","z":"źżžƶȝȥɀʐʑᵶᶎẑẓẕⓩⱬꝣｚ"};
  const FOLD = new Map();
  for (const result in FOLD_BY_RESULT) for (const c of FOLD_BY_RESULT[result]) FOLD.set(c, result);

  // Lower-cases and folds one word, character by character (as tantivy's filters do).
  function normalize(w) {
    if (ASCII.test(w)) return w.toLowerCase();
    let out = '';
    for (const c of w) for (const l of c.toLowerCase()) out += FOLD.has(l) ? FOLD.get(l) : l;
    return out;
  }

  // The words of a text: {text, start, end} with UTF-16 offsets into the text.
  function words(text) {
    const out = [];
    let raw = null, start = 0, i = 0;
    for (const c of text) {
      if (ALNUM.test(c)) {
        if (raw === null) { raw = ''; start = i; }
        raw += c;
      } else if (raw !== null) {
        out.push({ text: normalize(raw), start, end: i });
        raw = null;
      }
      i += c.length;
    }
    if (raw !== null) out.push({ text: normalize(raw), start, end: i });
    return out;
  }

  // English Snowball stemmer (Snowball 3, as tantivy's Stemmer(Language::English) runs it),
  // on arrays of code points; a line-by-line port of the generated algorithm.
  const V = 'aeiouy', V_WXY = 'aeiouywxY', AEO = 'aeo', VALID_LI = 'cdeghkmnrt';
  const A_0 = amongs('arsen commun emerg gener inter later organ past univers', -1);
  const A_1 = amongs("' 's' 's", 1);
  const A_2 = [['ied', 2], ['s', 3], ['ies', 2], ['sses', 1], ['ss', -1], ['us', -1]];
  const A_3 = amongs('succ proc exc', 1);
  const A_4 = [['even', 2], ['cann', 2], ['inn', 2], ['earr', 2], ['herr', 2], ['out', 2], ['y', 1]];
  const A_5 = [['', -1], ['ed', 2], ['eed', 1], ['ing', 3], ['edly', 2], ['eedly', 1], ['ingly', 2]];
  const A_6 = [['', 3], ['bb', 2], ['dd', 2], ['ff', 2], ['gg', 2], ['bl', 1], ['mm', 2], ['nn', 2],
    ['pp', 2], ['rr', 2], ['at', 1], ['tt', 2], ['iz', 1]];
  const A_7 = [['anci', 3], ['enci', 2], ['ogi', 14], ['li', 16], ['bli', 12], ['abli', 4], ['alli', 8],
    ['fulli', 9], ['lessli', 15], ['ousli', 10], ['entli', 5], ['aliti', 8], ['biliti', 12], ['iviti', 11],
    ['tional', 1], ['ational', 7], ['alism', 8], ['ation', 7], ['ization', 6], ['izer', 6], ['ator', 7],
    ['iveness', 11], ['fulness', 9], ['ousness', 10], ['ogist', 13]];
  const A_7_TO = ['', 'tion', 'ence', 'ance', 'able', 'ent', 'ize', 'ate', 'al', 'ful', 'ous', 'ive', 'ble', 'og'];
  const A_8 = [['icate', 4], ['ative', 6], ['alize', 3], ['iciti', 4], ['ical', 4], ['tional', 1],
    ['ational', 2], ['ful', 5], ['ness', 5]];
  const A_8_TO = ['', 'tion', 'ate', 'al', 'ic'];
  const A_9 = amongs('ic ance ence able ible ate ive ize iti al ism er ous ant ent ment ement', 1).concat([['ion', 2]]);
  const A_10 = [['e', 1], ['l', 2]];
  const A_11 = [['andes', -1], ['atlas', -1], ['bias', -1], ['cosmos', -1], ['early', 6], ['gently', 4],
    ['howe', -1], ['idly', 3], ['news', -1], ['only', 7], ['singly', 8], ['skies', 2], ['skis', 1],
    ['sky', -1], ['ugly', 5]];
  const A_11_TO = ['', 'ski', 'sky', 'idl', 'gentl', 'ugli', 'earli', 'onli', 'singl'];
  function amongs(list, result) {
    return list.split(' ').map((s) => [s, result]);
  }

  function Env(word) {
    this.s = Array.from(word);
    this.c = 0; this.l = this.s.length; this.lb = 0; this.bra = 0; this.ket = 0;
  }
  Env.prototype = {
    at(i) { return this.s[i]; },
    inG(g) { if (this.c >= this.l || !g.includes(this.s[this.c])) return false; this.c++; return true; },
    inGB(g) { if (this.c <= this.lb || !g.includes(this.s[this.c - 1])) return false; this.c--; return true; },
    outGB(g) { if (this.c <= this.lb || g.includes(this.s[this.c - 1])) return false; this.c--; return true; },
    goOutG(g) { while (this.c < this.l) { if (g.includes(this.s[this.c])) return true; this.c++; } return false; },
    goInG(g) { while (this.c < this.l) { if (!g.includes(this.s[this.c])) return true; this.c++; } return false; },
    goOutGB(g) { while (this.c > this.lb) { if (g.includes(this.s[this.c - 1])) return true; this.c--; } return false; },
    hop(n) { if (this.l - this.c < n) return false; this.c += n; return true; },
    hopBack(n) { if (this.c - this.lb < n) return false; this.c -= n; return true; },
    eq(t) {
      if (this.c >= this.l) return false;
      const n = t.length;
      for (let i = 0; i < n; i++) if (this.s[this.c + i] !== t[i]) return false;
      this.c += n; return true;
    },
    eqB(t) {
      const n = t.length;
      if (this.c - this.lb < n) return false;
      for (let i = 0; i < n; i++) if (this.s[this.c - n + i] !== t[i]) return false;
      this.c -= n; return true;
    },
    // Longest among-string matching at (find) or before (findB) the cursor: its result, or 0.
    find(list) {
      let best = null;
      for (const a of list) {
        const n = a[0].length;
        if (this.l - this.c < n || (best && best[0].length >= n)) continue;
        let ok = true;
        for (let i = 0; i < n; i++) if (this.s[this.c + i] !== a[0][i]) { ok = false; break; }
        if (ok) best = a;
      }
      if (!best) return 0;
      this.c += best[0].length; return best[1];
    },
    findB(list) {
      let best = null;
      for (const a of list) {
        const n = a[0].length;
        if (this.c - this.lb < n || (best && best[0].length >= n)) continue;
        let ok = true;
        for (let i = 0; i < n; i++) if (this.s[this.c - n + i] !== a[0][i]) { ok = false; break; }
        if (ok) best = a;
      }
      if (!best) return 0;
      this.c -= best[0].length; return best[1];
    },
    from(t) {
      const add = Array.from(t), adj = add.length - (this.ket - this.bra);
      this.s.splice(this.bra, this.ket - this.bra, ...add);
      this.l += adj;
      if (this.c >= this.ket) this.c += adj; else if (this.c > this.bra) this.c = this.bra;
      this.ket = this.bra + add.length;
    },
    del() { this.from(''); },
  };

  function shortV(z) {
    const v1 = z.l - z.c;
    if (z.outGB(V_WXY) && z.inGB(V) && z.outGB(V)) return true;
    z.c = z.l - v1;
    if (z.outGB(V) && z.inGB(V) && z.c <= z.lb) return true;
    z.c = z.l - v1;
    return z.eqB('past');
  }

  function stem(word) {
    const z = new Env(word);
    let a, yFound = false, p1, p2;
    main: {
      const v1 = z.c;
      exception1: {
        z.bra = z.c;
        a = z.find(A_11);
        if (a === 0) break exception1;
        z.ket = z.c;
        if (z.c < z.l) break exception1;
        if (a > 0) z.from(A_11_TO[a]);
        break main;
      }
      z.c = v1;
      if (!z.hop(3)) break main;
      z.c = v1;
      // prelude
      z.bra = z.c;
      if (z.eq("'")) { z.ket = z.c; z.del(); }
      z.c = v1;
      z.bra = z.c;
      if (z.eq('y')) { z.ket = z.c; z.from('Y'); yFound = true; }
      z.c = v1;
      for (;;) {
        const v5 = z.c;
        let found = false;
        for (;;) {
          const v6 = z.c;
          if (z.inG(V)) {
            z.bra = z.c;
            if (z.eq('y')) { z.ket = z.c; z.c = v6; found = true; break; }
          }
          z.c = v6;
          if (z.c >= z.l) break;
          z.c++;
        }
        if (!found) { z.c = v5; break; }
        z.from('Y');
        yFound = true;
      }
      z.c = v1;
      // mark regions
      p1 = z.l; p2 = z.l;
      regions: {
        prefix: {
          const v8 = z.c;
          if (z.find(A_0) !== 0) break prefix;
          z.c = v8;
          if (!z.goOutG(V)) break regions;
          z.c++;
          if (!z.goInG(V)) break regions;
          z.c++;
        }
        p1 = z.c;
        if (!z.goOutG(V)) break regions;
        z.c++;
        if (!z.goInG(V)) break regions;
        z.c++;
        p2 = z.c;
      }
      z.c = v1;
      z.lb = z.c; z.c = z.l;
      // Step 1a
      step1a: {
        const v10 = z.l - z.c;
        z.ket = z.c;
        if (z.findB(A_1) === 0) z.c = z.l - v10;
        else { z.bra = z.c; z.del(); }
        z.ket = z.c;
        a = z.findB(A_2);
        if (a === 0) break step1a;
        z.bra = z.c;
        if (a === 1) z.from('ss');
        else if (a === 2) {
          const v11 = z.l - z.c;
          if (z.hopBack(2)) z.from('i');
          else { z.c = z.l - v11; z.from('ie'); }
        } else if (a === 3) {
          if (z.c <= z.lb) break step1a;
          z.c--;
          if (!z.goOutGB(V)) break step1a;
          z.c--;
          z.del();
        }
      }
      z.c = z.l;
      // Step 1b
      step1b: {
        z.ket = z.c;
        a = z.findB(A_5);
        z.bra = z.c;
        ending: {
          const v13 = z.l - z.c;
          keep: {
            if (a === 1) {
              const v14 = z.l - z.c;
              if (p1 <= z.c) {
                const v15 = z.l - z.c;
                if (!(z.findB(A_3) !== 0 && z.c <= z.lb)) { z.c = z.l - v15; z.from('ee'); }
              }
              z.c = z.l - v14;
            } else if (a === 2) {
              break keep;
            } else if (a === 3) {
              a = z.findB(A_4);
              if (a === 0) break keep;
              if (a === 1) {
                const v16 = z.l - z.c;
                if (!z.outGB(V)) break keep;
                if (z.c > z.lb) break keep;
                z.c = z.l - v16;
                z.bra = z.c;
                z.from('ie');
              } else if (a === 2) {
                if (z.c > z.lb) break keep;
              }
            }
            break ending;
          }
          z.c = z.l - v13;
          const v17 = z.l - z.c;
          if (!z.goOutGB(V)) break step1b;
          z.c--;
          z.c = z.l - v17;
          z.del();
          z.ket = z.c; z.bra = z.c;
          const v18 = z.l - z.c;
          a = z.findB(A_6);
          if (a === 1) { z.from('e'); break step1b; }
          if (a === 2) {
            const v19 = z.l - z.c;
            if (z.inGB(AEO) && z.c <= z.lb) break step1b;
            z.c = z.l - v19;
          } else if (a === 3) {
            if (z.c !== p1) break step1b;
            const v20 = z.l - z.c;
            if (!shortV(z)) break step1b;
            z.c = z.l - v20;
            z.from('e');
            break step1b;
          }
          z.c = z.l - v18;
          z.ket = z.c;
          if (z.c <= z.lb) break step1b;
          z.c--;
          z.bra = z.c;
          z.del();
        }
      }
      z.c = z.l;
      // Step 1c
      step1c: {
        z.ket = z.c;
        if (!z.eqB('y') && !z.eqB('Y')) break step1c;
        z.bra = z.c;
        if (!z.outGB(V)) break step1c;
        if (z.c <= z.lb) break step1c;
        z.from('i');
      }
      z.c = z.l;
      // Step 2
      step2: {
        z.ket = z.c;
        a = z.findB(A_7);
        if (a === 0) break step2;
        z.bra = z.c;
        if (p1 > z.c) break step2;
        if (a <= 13) z.from(A_7_TO[a]);
        else if (a === 14) { if (!z.eqB('l')) break step2; z.from('og'); }
        else if (a === 15) z.from('less');
        else if (a === 16) { if (!z.inGB(VALID_LI)) break step2; z.del(); }
      }
      z.c = z.l;
      // Step 3
      step3: {
        z.ket = z.c;
        a = z.findB(A_8);
        if (a === 0) break step3;
        z.bra = z.c;
        if (p1 > z.c) break step3;
        if (a <= 4) z.from(A_8_TO[a]);
        else if (a === 5) z.del();
        else if (a === 6) { if (p2 > z.c) break step3; z.del(); }
      }
      z.c = z.l;
      // Step 4
      step4: {
        z.ket = z.c;
        a = z.findB(A_9);
        if (a === 0) break step4;
        z.bra = z.c;
        if (p2 > z.c) break step4;
        if (a === 1) z.del();
        else if (a === 2) { if (!z.eqB('s') && !z.eqB('t')) break step4; z.del(); }
      }
      z.c = z.l;
      // Step 5
      step5: {
        z.ket = z.c;
        a = z.findB(A_10);
        if (a === 0) break step5;
        z.bra = z.c;
        if (a === 1) {
          if (p2 > z.c) {
            if (p1 > z.c) break step5;
            const v26 = z.l - z.c;
            if (shortV(z)) break step5;
            z.c = z.l - v26;
          }
          z.del();
        } else if (a === 2) {
          if (p2 > z.c) break step5;
          if (!z.eqB('l')) break step5;
          z.del();
        }
      }
      z.c = z.lb;
      if (yFound) for (let i = 0; i < z.l; i++) if (z.s[i] === 'Y') z.s[i] = 'y';
    }
    return z.s.join('');
  }

  function utf8Length(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
    }
    return n;
  }

  // The terms of a text, as the index holds them.
  function analyze(text) {
    return words(text).map((w) => stem(w.text)).filter((t) => t.length * 3 <= 65530 || utf8Length(t) <= 65530);
  }

  // ---------------------------------------------------------------- typo tolerance

  function prefix(word, n) { return Array.from(word).slice(0, n).join(''); }

  // Optimal string alignment distance, or -1 when above max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return -1;
    const w = b.length + 1;
    let back2 = new Array(w).fill(0), back1 = Array.from({ length: w }, (_, j) => j), cur = new Array(w);
    for (let i = 1; i <= a.length; i++) {
      cur[0] = i;
      let rowMin = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(back1[j] + 1, cur[j - 1] + 1, back1[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, back2[j - 2] + 1);
        cur[j] = d;
        if (d < rowMin) rowMin = d;
      }
      if (rowMin > max) return -1;
      [back2, back1, cur] = [back1, cur, back2];
    }
    return back1[b.length] <= max ? back1[b.length] : -1;
  }

  // ---------------------------------------------------------------- query

  // Words and "phrases" (a quote left open closes at the end, as the reader is typing);
  // `all`: every word in order.
  function parse(query) {
    const parts = query.split(/["“”„]/);
    const out = { words: [], phrases: [], all: words(query).map((w) => w.text) };
    parts.forEach((part, i) => {
      const ws = words(part).map((w) => w.text);
      if (i % 2 === 0) out.words.push(...ws);
      else if (ws.length) out.phrases.push(ws);
    });
    return out;
  }

  // ---------------------------------------------------------------- index

  const f32 = Math.fround;
  const K1 = f32(1.2), B = f32(0.75), ONE_PLUS_K1 = f32(1 + K1), ONE_MINUS_B = f32(1 - B);
  const decoder = new TextDecoder();

  function Stale() {}

  async function inflate(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // An index, read through `load(path) → Promise<Uint8Array>`.
  function Index(load) {
    this.load = load;
    this.files = new Map();
    this.meta = null;
  }

  Index.prototype = {
    file(path, parseFn) {
      if (!this.files.has(path)) {
        const p = this.load(path + '?v=' + this.meta.hash).then(inflate).then(parseFn);
        p.catch(() => this.files.delete(path));
        this.files.set(path, p);
      }
      return this.files.get(path);
    },
    cached(path) { return this.files.has(path); },
    async init() {
      if (!this.meta) {
        this.metaPromise = this.metaPromise || this.load('index.json').then((b) => JSON.parse(decoder.decode(b)))
          .catch((e) => { this.metaPromise = null; throw e; });
        const m = await this.metaPromise;
        if (m.format !== 2) throw new Error('unsupported search index format ' + m.format);
        m.avg = m.tokens.map((t) => f32(f32(t) / f32(m.docs)));
        m.stopStems = new Set(m.stop.map(stem));
        m.tf = m.avg.map((avg) => m.fieldnorms.map((n) => f32(K1 * f32(ONE_MINUS_B + f32(f32(B * n) / avg)))));
        this.meta = m;
      }
      return this.meta;
    },
    shardOf(list, key, cmp) {
      let lo = 0, hi = list.length - 1, at = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(list[mid], key) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return at;
    },
    // Where a key is stored: a term as itself, a key of several terms after its anchor
    // (its first term that is not a stop word's stem, else its first), as `anchor\tkey`.
    storedKey(key) {
      if (!key.includes(' ')) return key;
      const parts = key.split(' ');
      return (parts.find((t) => !this.meta.stopStems.has(t)) || parts[0]) + '\t' + key;
    },
    postingsPath(term) {
      const i = this.shardOf(this.meta.postings, term, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return i < 0 ? null : 'p/' + i + '.bin';
    },
    vocabPath(pre) {
      const i = this.shardOf(this.meta.vocab, pre, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return i < 0 ? null : 'v/' + i + '.bin';
    },
    norms() { return this.meta.norms ? this.file('norms.bin', (b) => b) : Promise.resolve(null); },
    postingsShard(path) { return this.file(path, parsePostingsShard); },
    vocabShard(path) { return this.file(path, parseVocabShard); },
    docShard(n) { return this.file('d/' + n + '.bin', (b) => JSON.parse(decoder.decode(b))); },
  };

  function parsePostingsShard(bytes) {
    let pos = 0;
    const varint = () => {
      let x = 0, mul = 1, b;
      do { b = bytes[pos++]; x += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
      return x;
    };
    const terms = new Map();
    let prev = new Uint8Array(0);
    for (let n = varint(); n > 0; n--) {
      const shared = varint(), len = varint();
      const term = new Uint8Array(shared + len);
      term.set(prev.subarray(0, shared));
      term.set(bytes.subarray(pos, pos + len), shared);
      pos += len;
      const blockLen = varint();
      terms.set(decoder.decode(term), bytes.subarray(pos, pos + blockLen));
      pos += blockLen;
      prev = term;
    }
    return terms;
  }

  // A key's postings: {fields: [{field, df, docs, tfs, norms}] (norms null for the body),
  // names: docs it names or null, phrase: docs holding it as a phrase or null}.
  function decodePostings(block, bodyField) {
    let pos = 0;
    const varint = () => {
      let x = 0, mul = 1, b;
      do { b = block[pos++]; x += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
      return x;
    };
    const mask = block[pos++], out = [];
    for (let field = 0; field < 4; field++) {
      if (!(mask & (1 << field))) continue;
      const df = varint(), docs = new Uint32Array(df), tfs = new Uint32Array(df);
      const norms = field === bodyField ? null : new Uint8Array(df);
      let doc = 0;
      for (let i = 0; i < df; i++) {
        const v = varint();
        doc += Math.floor(v / 2);
        docs[i] = doc;
        tfs[i] = v % 2 ? varint() + 2 : 1;
        if (norms) norms[i] = block[pos++];
      }
      out.push({ field, df, docs, tfs, norms });
    }
    const list = () => {
      const docs = new Uint32Array(varint());
      let doc = 0;
      for (let i = 0; i < docs.length; i++) { doc += varint(); docs[i] = doc; }
      return docs;
    };
    const names = mask & 16 ? list() : null, phrase = mask & 32 ? list() : null;
    return { fields: out, names, phrase };
  }

  function parseVocabShard(bytes) {
    const groups = new Map();
    for (const line of decoder.decode(bytes).split('\n')) {
      if (!line) continue;
      const parts = line.split(' '), pre = parts[0];
      groups.set(pre, parts.slice(1).map((rest) => pre + rest));
    }
    return groups;
  }

  // ---------------------------------------------------------------- search

  // Waits for files; `options.beforeFetch()` is awaited once before the first file that is
  // not cached (a false answer abandons the search), `options.isCurrent()` is checked
  // around every fetch: a search overtaken by a newer one stops (throws Stale).
  function fetcher(options) {
    let asked = false;
    const current = () => !options.isCurrent || options.isCurrent();
    return async (promises) => {
      if (promises.some((p) => !p.cached)) {
        if (!asked && options.beforeFetch) {
          asked = true;
          if (!(await options.beforeFetch())) throw new Stale();
        }
        if (!current()) throw new Stale();
      }
      const files = await Promise.all(promises.map((p) => p.promise));
      if (!current()) throw new Stale();
      return files;
    };
  }

  // Runs a query: {total, hits: [{doc, score}], stems: Set, corrections}.
  // `options.kind`: 'term' | 'definition' | 'area'; see `fetcher` for the others.
  async function search(index, query, options) {
    options = options || {};
    const plan = parse(query);
    const fetched = fetcher(options);
    const get = (path, open) => ({ cached: index.cached(path), promise: open(path) });
    const meta = await index.init();
    const KINDS = ['term', 'definition', 'area'];
    const body = meta.fields.indexOf('body');

    // Exact stems of every word (common words left out when there is more) and phrase word.
    const stop = new Set(meta.stop), dropStop = plan.phrases.length > 0 || plan.words.some((w) => !stop.has(w));
    const seen = new Set(), wordClauses = [];
    for (const w of plan.words) {
      if (dropStop && stop.has(w)) continue;
      const s = stem(w);
      if (!seen.has(s)) { seen.add(s); wordClauses.push({ word: w, stem: s, terms: [] }); }
    }
    const phraseStems = plan.phrases.map((p) => p.map(stem));
    const allStems = plan.all.map(stem);
    const lookups = new Map();
    const lookup = (term) => {
      if (!lookups.has(term)) {
        const path = index.postingsPath(index.storedKey(term));
        lookups.set(term, path ? get(path, (p) => index.postingsShard(p)) : { cached: true, promise: Promise.resolve(new Map()) });
      }
      return lookups.get(term);
    };
    // Phrases of several words, and the whole query, as name keys.
    const phraseKeys = phraseStems.filter((p) => p.length > 1).map((p) => p.join(' '));
    let key = allStems.join(' ');
    const terms = [...new Set([...seen, ...phraseStems.flat(), ...phraseKeys, key])];
    const normsReq = meta.norms ? get('norms.bin', () => index.norms()) : { cached: true, promise: Promise.resolve(null) };
    const shards = await fetched([normsReq, ...terms.map(lookup)]);
    const norms = shards[0];
    const blockOf = new Map();
    terms.forEach((t, i) => { const b = shards[i + 1].get(index.storedKey(t)); if (b) blockOf.set(t, b); });

    // Words not in the index: similar words of the site.
    const corrections = [];
    const fz = meta.fuzzy;
    const missing = wordClauses.filter((c) => !blockOf.has(c.stem) && Array.from(c.word).length >= fz.min);
    const replaced = new Map();
    wordClauses.forEach((c) => { if (blockOf.has(c.stem)) c.terms.push([c.stem, 1]); });
    if (missing.length) {
      const reqs = missing.map((c) => {
        const path = index.vocabPath(prefix(c.word, fz.prefix));
        return path ? get(path, (p) => index.vocabShard(p)) : { cached: true, promise: Promise.resolve(new Map()) };
      });
      const vocab = await fetched(reqs);
      const wanted = [];
      missing.forEach((c, i) => {
        const group = vocab[i].get(prefix(c.word, fz.prefix)) || [];
        const typed = Array.from(c.word), n = typed.length, max = n >= fz.long ? 2 : 1;
        const found = [];
        group.forEach((cand, pos) => {
          if (cand === c.word) return;
          const d = distance(typed, Array.from(cand), max);
          if (d >= 0) found.push([d, pos, cand]);
        });
        found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        const replacements = [];
        for (const [d, , cand] of found) {
          const s = stem(cand);
          if (s === c.stem || c.terms.some((t) => t[0] === s)) continue;
          c.terms.push([s, fz.weights[d <= 1 ? 0 : 1]]);
          replacements.push(cand);
          wanted.push(s);
          if (c.terms.length === fz.max) break;
        }
        if (replacements.length) corrections.push({ word: c.word, replacements });
        if (c.terms.length) replaced.set(c.stem, c.terms[0][0]);
      });
      key = allStems.map((s) => replaced.get(s) || s).join(' ');
      if (!blockOf.has(key) && replaced.size) wanted.push(key);
      const more = await fetched(wanted.map(lookup));
      wanted.forEach((t, i) => { const b = more[i].get(index.storedKey(t)); if (b) blockOf.set(t, b); });
    }

    // Scores: per clause, the sum over its terms and fields of tantivy's BM25, in f32.
    const n = meta.docs, total = new Float32Array(n), hits = new Uint8Array(n);
    const [lo, hi] = options.kind ? [meta.kinds[KINDS.indexOf(options.kind)], meta.kinds[KINDS.indexOf(options.kind) + 1]] : [0, n];
    const decoded = new Map(), NONE = { fields: [], names: null, phrase: null };
    const postingsOf = (t) => {
      if (!decoded.has(t)) decoded.set(t, blockOf.has(t) ? decodePostings(blockOf.get(t), body) : NONE);
      return decoded.get(t);
    };
    const addTerm = (term, weight, acc, hit) => {
      for (const p of postingsOf(term).fields) {
        if (!meta.searched.includes(p.field)) continue;
        const x = f32(f32(f32(n - p.df) + 0.5) / f32(f32(p.df) + 0.5));
        let w = f32(f32(Math.log(f32(1 + x))) * ONE_PLUS_K1);
        const boost = f32(meta.boosts[p.field] * weight);
        if (boost !== 1) w = f32(w * boost);
        const cache = meta.tf[p.field];
        for (let i = 0; i < p.df; i++) {
          const d = p.docs[i], tf = p.tfs[i];
          const norm = p.norms ? p.norms[i] : norms[d];
          acc[d] += f32(w * f32(tf / f32(tf + cache[norm])));
          hit[d] = 1;
        }
      }
    };
    // The documents holding a phrase: listed with it when it is (part of) a name; else
    // (no word positions) those holding all its words in one field.
    const phraseDocs = (stems) => {
      const out = new Uint8Array(n), listed = stems.length > 1 && postingsOf(stems.join(' ')).phrase;
      if (listed) {
        for (const d of listed) out[d] = 1;
        return out;
      }
      const distinct = [...new Set(stems)];
      for (const f of meta.searched) {
        const count = new Uint16Array(n);
        for (const t of distinct) {
          const p = postingsOf(t).fields.find((x) => x.field === f);
          if (p) for (const d of p.docs) count[d]++;
        }
        for (let d = 0; d < n; d++) if (count[d] === distinct.length) out[d] = 1;
      }
      return out;
    };
    const clauses = wordClauses.filter((c) => c.terms.length).map((c) => ({ terms: c.terms, phrase: null }))
      .concat(phraseStems.map((p) => ({ terms: p.map((s) => [s, 1]), phrase: p })));
    const need = clauses.filter((c) => c.phrase).length;
    const phraseHits = need ? new Uint8Array(n) : null;
    for (const c of clauses) {
      const acc = new Float32Array(n);
      let hit = new Uint8Array(n);
      for (const [t, w] of c.terms) addTerm(t, w, acc, hit);
      if (c.phrase) hit = phraseDocs(c.phrase);
      for (let d = lo; d < hi; d++) {
        if (!hit[d]) continue;
        total[d] += acc[d];
        hits[d] = 1;
        if (c.phrase) phraseHits[d]++;
      }
    }
    // Documents the query names (title or alias) first, then by score, then in site order.
    const named = new Uint8Array(n), names = postingsOf(key).names;
    if (names) for (const d of names) named[d] = 1;
    const ranked = [];
    for (let d = lo; d < hi; d++) if (hits[d] && (!need || phraseHits[d] === need)) ranked.push(d);
    ranked.sort((a, b) => named[b] - named[a] || total[b] - total[a] || a - b);
    const stems = new Set();
    clauses.forEach((c) => c.terms.forEach((t) => stems.add(t[0])));
    return {
      total: ranked.length,
      hits: ranked.map((d) => ({ doc: d, score: total[d], exact: named[d] === 1 })),
      stems,
      corrections,
    };
  }

  // Title, kind, URL path and excerpt of documents (by number).
  async function documents(index, docs, base, options) {
    const meta = await index.init();
    const shard = (d) => Math.floor(d / meta.chunk);
    const rows = await fetcher(options || {})(docs.map((d) => ({
      cached: index.cached('d/' + shard(d) + '.bin'),
      promise: index.docShard(shard(d)),
    })));
    return docs.map((d, i) => {
      const [title, slug, excerpt] = rows[i][d % meta.chunk];
      const k = meta.kinds[1] > d ? 0 : meta.kinds[2] > d ? 1 : 2;
      const kind = ['term', 'definition', 'area'][k];
      const s = slug || title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
      return { doc: d, title, kind, url: base + kind + '/' + s + '/', excerpt };
    });
  }

  const api = { words, normalize, stem, analyze, parse, distance, Index, search, documents, Stale };
  if (typeof module === 'object' && module.exports) module.exports = api;
  root.glossaSearch = api;
  if (typeof document === 'undefined') return;

  // ---------------------------------------------------------------- page

  const script = document.currentScript;
  const BASE = (script && script.dataset.base) || '/';
  const LABELS = { term: 'Term', definition: 'Definition', area: 'Area' };
  const PAGE = 10;
  const index = new Index((path) =>
    fetch(BASE + 'search/' + path, path === 'index.json' ? { cache: 'no-cache' } : {}).then((r) => {
      if (!r.ok) throw new Error(r.status + ' ' + r.url);
      return r.arrayBuffer();
    }).then((b) => new Uint8Array(b)));

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    for (const c of children || []) e.append(c);
    return e;
  }

  // `text` with the words whose stem is in `stems` marked.
  function highlighted(text, stems) {
    const out = [];
    let at = 0;
    for (const w of words(text)) {
      if (!stems.has(stem(w.text))) continue;
      out.push(text.slice(at, w.start), el('mark', {}, [text.slice(w.start, w.end)]));
      at = w.end;
    }
    out.push(text.slice(at));
    return out;
  }

  function resultList(docs, stems, cls) {
    return el('ol', { class: cls }, docs.map((d) => el('li', { class: 'hit' }, [
      el('a', { class: 'hit-title', href: d.url }, highlighted(d.title, stems)),
      ' ', el('span', { class: 'badge badge--' + d.kind }, [LABELS[d.kind]]),
      el('p', { class: 'hit-excerpt' }, highlighted(d.excerpt, stems)),
    ])));
  }

  function wait(ms) { return new Promise((r) => setTimeout(r, ms)); }

  // Under `glossa serve` (whose injected script sets `glossaServe`), results come from
  // the server's tantivy index, the same as `glossa search`, rather than the shards.
  const API_LIMIT = 50;
  async function apiSearch(query, kind, limit, options) {
    if (options.beforeFetch && !(await options.beforeFetch())) throw new Stale();
    const params = new URLSearchParams({ q: query, limit: String(limit) });
    if (kind) params.set('kind', kind);
    const r = await fetch(root.glossaServe.api + '?' + params, { cache: 'no-store' });
    const body = await r.json();
    if (!options.isCurrent()) throw new Stale();
    if (!r.ok) throw new Error(body.error || String(r.status));
    const plan = parse(query);
    const stems = new Set(plan.words.concat(...plan.phrases).map(stem));
    for (const c of body.corrections) for (const w of c.replacements) stems.add(stem(w));
    const docs = body.results.map((h) => ({ title: h.title, kind: h.kind, url: h.path, excerpt: h.snippet }));
    const found = {
      total: body.total, corrections: body.corrections, stems, available: docs.length,
      next: (from, n) => Promise.resolve(docs.slice(from, from + n)),
    };
    return { found, docs: docs.slice(0, Math.min(limit, PAGE)) };
  }

  // Wires an input to a results container; `render(out, query, found, docs)`.
  function attach(input, out, limit, render, kindOf) {
    let seq = 0;
    const run = async (query, started, immediate) => {
      const mine = ++seq;
      query = query.trim();
      if (!query) { out.replaceChildren(); out.hidden = true; out.dataset.query = ''; return; }
      const options = {
        kind: kindOf && kindOf(),
        beforeFetch: immediate ? null : () => wait(100).then(() => mine === seq),
        isCurrent: () => mine === seq,
      };
      try {
        let found, docs;
        if (root.glossaServe) {
          ({ found, docs } = await apiSearch(query, options.kind, limit === PAGE ? API_LIMIT : limit, options));
        } else {
          found = await search(index, query, options);
          docs = await documents(index, found.hits.slice(0, limit).map((h) => h.doc), BASE, options);
          found.available = found.total;
          found.next = (from, n) => documents(index, found.hits.slice(from, from + n).map((h) => h.doc), BASE, options);
        }
        render(out, query, found, docs, options);
        out.hidden = false;
        out.dataset.query = query;
        out.dataset.ms = (performance.now() - started).toFixed(1);
      } catch (e) {
        if (e instanceof Stale) return;
        out.replaceChildren(el('p', { class: 'notice' }, ['Search is unavailable: ' + e.message]));
        out.hidden = false;
      }
    };
    input.addEventListener('input', () => run(input.value, performance.now(), false));
    return run;
  }

  function summary(query, found) {
    const parts = [];
    for (const c of found.corrections) {
      parts.push('No match for “' + c.word + '”; showing ' + c.replacements.map((r) => '“' + r + '”').join(', ') + '. ');
    }
    parts.push(found.total === 0 ? 'No results for “' + query + '”.' :
      found.total + (found.total === 1 ? ' result' : ' results') + ' for “' + query + '”.');
    return el('p', { class: 'search-summary' }, [parts.join('')]);
  }

  function renderPage(out, query, found, docs) {
    const list = resultList(docs, found.stems, 'hits');
    out.replaceChildren(summary(query, found), list);
    let shown = docs.length;
    const more = el('button', { type: 'button', class: 'search-more-button' }, ['More results']);
    more.addEventListener('click', async () => {
      const next = await found.next(shown, PAGE);
      list.append(...resultList(next, found.stems, 'hits').children);
      shown += next.length;
      if (shown >= found.available) more.remove();
    });
    if (shown < found.available) out.append(more);
  }

  function renderPopup(all) {
    return (out, query, found, docs) => {
      const more = el('a', { href: all + '?q=' + encodeURIComponent(query) }, ['All results for “' + query + '” →']);
      out.replaceChildren(
        docs.length ? resultList(docs, found.stems, 'hits hits--compact') : summary(query, found),
        el('p', { class: 'search-more' }, [more]));
    };
  }

  function start() {
    const page = document.getElementById('search-input');
    if (page) {
      const out = document.getElementById('search-results');
      const kind = document.getElementById('search-kind');
      const params = new URLSearchParams(location.search);
      page.value = params.get('q') || '';
      if (kind && params.get('kind')) kind.value = params.get('kind');
      const kindOf = () => (kind && kind.value) || null;
      const run = attach(page, out, PAGE, renderPage, kindOf);
      const sync = () => {
        const p = new URLSearchParams();
        if (page.value) p.set('q', page.value);
        if (kindOf()) p.set('kind', kindOf());
        history.replaceState(null, '', p.toString() ? '?' + p : location.pathname);
      };
      page.addEventListener('input', sync);
      if (kind) kind.addEventListener('change', () => { sync(); run(page.value, performance.now(), true); });
      page.form.addEventListener('submit', (e) => { e.preventDefault(); sync(); run(page.value, performance.now(), true); });
      if (page.value) run(page.value, performance.now(), true);
    }
    for (const input of document.querySelectorAll('form.search-form input[type=search]')) {
      if (input === page) continue;
      const out = el('div', { class: 'search-popup', id: input.id + '-results', 'aria-live': 'polite' });
      out.hidden = true;
      input.form.append(out);
      attach(input, out, 6, renderPopup(input.form.getAttribute('action')));
      input.addEventListener('keydown', (e) => { if (e.key === 'Escape') out.hidden = true; });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : this);
