// Upload: drag and drop several files; each goes to POST /api/ingest on its own, with its own
// progress bar and result. XMLHttpRequest rather than fetch() because only it reports upload progress.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("upload-form");
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("files");
  var list = document.getElementById("upload-list");
  if (!form || !zone || !input || !list) return;
  var token = form.querySelector('input[name="csrf_token"]').value;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text; // text only: names and messages are never parsed as HTML
    return e;
  }

  function describe(status, body) {
    if (body && body.error) return { cls: "failed", text: "失败：" + body.error.message };
    if (!body) return { cls: "failed", text: "失败：服务器没有返回结果（" + status + "）" };
    switch (body.status) {
      case "stored": return { cls: "stored", text: "已入库，" + body.articles + " 篇文章" };
      case "replaced": return { cls: "replaced", text: "已替换旧版本，" + body.articles + " 篇文章" };
      case "skipped": return { cls: "skipped", text: "内容相同，已跳过" };
      default: return { cls: "failed", text: "失败：" + (body.reason || "未知原因") };
    }
  }

  function send(file) {
    var placeholder = list.querySelector(".placeholder");
    if (placeholder) placeholder.remove();
    var row = el("li", "item pending");
    var bar = el("progress"); bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", file.name + " 上传进度");
    var result = el("span", "result", "等待上传…");
    var link = el("span", "link");
    row.append(el("span", "name", file.name), bar, result, link);
    list.append(row);
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/ingest");
      xhr.setRequestHeader("X-CSRF-Token", token);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
        result.textContent = bar.value < 100 ? "上传中 " + bar.value + "%" : "正在识别与入库…";
      };
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
        var d = describe(xhr.status, body);
        bar.value = 100;
        row.className = "item " + d.cls;
        result.textContent = d.text;
        if (body && body.links && body.links.search) {
          var a = el("a", "", "查看文章");
          a.href = body.links.search;
          link.append(a);
        }
        resolve();
      };
      xhr.onerror = function () {
        row.className = "item failed";
        result.textContent = "失败：无法连接服务器";
        resolve();
      };
      var data = new FormData();
      data.append("file", file, file.name);
      xhr.send(data);
    });
  }

  function sendAll(files) {
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (f) { chain = chain.then(function () { return send(f); }); });
    return chain;
  }

  input.addEventListener("change", function () { sendAll(input.files).then(function () { input.value = ""; }); });
  form.addEventListener("submit", function (e) { e.preventDefault(); sendAll(input.files); });
  ["dragenter", "dragover"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { if (e.dataTransfer) sendAll(e.dataTransfer.files); });
})();
