/* glossa search, the analysis: split on anything but letters and digits, lower-case,
 * fold to ASCII (tantivy's AsciiFoldingFilter), English Snowball stemmer: the four steps
 * of src/index/analysis, ported by hand (tests/search_analysis.rs compares them over
 * every word of two sites, every letter of Unicode and every rule of the stemmer).
 * In node, `require` it; in a page it is `glossaAnalysis`. */
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

  const api = { words, normalize, stem, analyze };
  if (typeof module === 'object' && module.exports) module.exports = api;
  root.glossaAnalysis = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
